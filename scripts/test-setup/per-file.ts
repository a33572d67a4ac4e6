import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers in tests log only warnings; the Runtime can be installed once per process.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {}
