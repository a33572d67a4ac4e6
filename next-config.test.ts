import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

const require = createRequire(__filename);
const configPath = path.join(__dirname, 'next.config.js');

const ZHeaders = z.array(
  z.object({ source: z.string(), headers: z.array(z.object({ key: z.string(), value: z.string() })) }),
);

/** next.config.js's headers as `next build` (production) or `next dev` (development) evaluates them. */
async function headersUnder(nodeEnv: 'production' | 'development') {
  vi.stubEnv('NODE_ENV', nodeEnv);
  delete require.cache[configPath];
  const config: unknown = require(configPath);
  if (typeof config !== 'object' || !config || !('headers' in config) || typeof config.headers !== 'function')
    throw new Error('next.config.js has no headers()');
  const rules = ZHeaders.parse(await config.headers());
  return (source: string) => rules.find((r) => r.source === source)?.headers.map((h) => h.key) ?? [];
}

afterEach(() => {
  vi.unstubAllEnvs();
  delete require.cache[configPath];
});

// The e2e spec e2e/security-headers.spec.ts checks the headers a production server sends.
describe('next.config.js security headers', () => {
  it('sends HSTS from production builds only', async () => {
    expect(await headersUnder('production').then((keys) => keys('/:path*'))).toContain(
      'Strict-Transport-Security',
    );
    const dev = (await headersUnder('development'))('/:path*');
    expect(dev).not.toContain('Strict-Transport-Security');
    expect(dev).toEqual(
      expect.arrayContaining([
        'X-Content-Type-Options',
        'X-Frame-Options',
        'Referrer-Policy',
        'Permissions-Policy',
      ]),
    );
  });
});
