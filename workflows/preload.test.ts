import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';

/** The body of one module of a webpack bundle (the SDK bundles in development mode, module by module). */
function moduleSource(code: string, id: string): string {
  const start = code.indexOf(`/***/ "${id}"`);
  expect(start, `${id} is in the bundle`).toBeGreaterThanOrEqual(0);
  const end = code.indexOf('/***/ }', start);
  return code.slice(start, end);
}

describe('the workflow bundle preload', () => {
  // The bundle global-setup builds with workflows/worker's preloadModules, as the worker does.
  it('evaluates zod once per worker thread: the preload module keeps its import of zod', async () => {
    const code = await readFile(inject('workflowBundlePath'), 'utf8');
    const preload = code.slice(code.indexOf('exports.preloadModules = function preloadModules()'));
    expect(preload.slice(0, preload.indexOf('}'))).toContain('"./workflows/preload.ts"');
    // webpack drops a side-effect-free import whose value is unused: a bare 'zod' entry became `0;`.
    expect(moduleSource(code, './workflows/preload.ts')).toMatch(
      /__webpack_require__\([^)]*"\.\/node_modules\/zod\/[^"]+"\)/,
    );
  });
});
