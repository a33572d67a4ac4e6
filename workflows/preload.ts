/**
 * Evaluated once per worker thread, before the SDK freezes the workflow sandbox's globals (see
 * preloadModules in worker.ts). The SDK records a stack trace, source-mapped frame by frame, for
 * every promise a workflow creates (for its stack-trace query); with V8's default of 10 frames that
 * was a fifth of the workflow thread's time on IVR turns. Three frames still name where an error
 * was thrown and what called it.
 */
Error.stackTraceLimit = 3;
