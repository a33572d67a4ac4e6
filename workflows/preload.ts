import { z } from 'zod';

/**
 * Evaluated once per worker thread, before the SDK freezes the workflow sandbox's globals and the
 * modules loaded here (see preloadModules in worker/index.ts).
 *
 * The SDK records a stack trace, source-mapped frame by frame, for every promise a workflow creates
 * (for its stack-trace query); with V8's default of 10 frames that was a fifth of the workflow
 * thread's time on IVR turns. Three frames still name where an error was thrown and what called it.
 */
Error.stackTraceLimit = 3;

// zod, shared by every workflow on this thread instead of evaluated for each new execution. It is
// used here because zod declares itself free of side effects: webpack drops an import whose value
// nobody reads, and a bare 'zod' preload entry was dropped that way. Only the library is shared:
// the SDK freezes shared modules, and a zod schema defines its methods on first use. Building one
// schema now sets zod's defaults (English messages, the memoizer), which it would otherwise write
// into its frozen global config on the first schema a workflow builds.
z.object({ preload: z.string() }).parse({ preload: 'zod' });
