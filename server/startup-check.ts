import { env } from './env';
import { logger } from './logger';

export function checkEnvironmentAtStartup(): void {
  try {
    const e = env();
    logger.info(
      { nodeEnv: e.NODE_ENV, temporal: e.TEMPORAL_ADDRESS, namespace: e.TEMPORAL_NAMESPACE },
      'next server starting',
    );
  } catch (err) {
    logger.fatal({ err }, 'refusing to start');
    process.exit(1);
  }
}
