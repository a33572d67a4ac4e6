import { type APIResponse, expect, type Page, test } from '@playwright/test';
import { nav, signIn } from './helpers';

/** The headers every response carries (next.config.js), this being a production build. */
function expectCommonHeaders(res: APIResponse): void {
  const h = res.headers();
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(h['permissions-policy']).toContain('microphone=()');
  expect(h['strict-transport-security']).toMatch(/^max-age=\d+/);
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
}

test('pages and API routes answer with the security headers, pages with a fresh script nonce', async ({
  request,
}) => {
  const first = await request.get('/sign-in');
  expect(first.status()).toBe(200);
  expectCommonHeaders(first);
  const policy = first.headers()['content-security-policy'] ?? '';
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();
  expect(policy).toContain("'strict-dynamic'");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  // Next put the nonce on its own scripts; a script without it would not run.
  const html = await first.text();
  expect(html).toContain(`nonce="${nonce}"`);
  expect(html.match(/<script(?![^>]*nonce=)[^>]*>/g) ?? []).toEqual([]);

  const second = await request.get('/sign-in');
  expect(/'nonce-([^']+)'/.exec(second.headers()['content-security-policy'] ?? '')?.[1]).not.toBe(nonce);

  const api = await request.get('/api/health');
  expectCommonHeaders(api);
  expect(api.headers()['content-security-policy']).toContain("default-src 'none'");
});

test('a designer arranges, exports, imports and calls a flow while the browser blocks nothing', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1700, height: 1000 } });
  const page = await context.newPage();
  const violations = await watchViolations(page);
  await signIn(page, 'disenio@salud.demo');
  await nav(page).getByRole('link', { name: 'Flujos' }).click();
  await page.getByRole('button', { name: 'Nuevo flujo' }).click();
  await page.getByRole('dialog').getByLabel('Nombre').fill(`Con CSP ${Date.now()}`);
  await page.getByRole('radio', { name: /IVR con menú de opciones/ }).check();
  await page.getByRole('button', { name: 'Crear flujo' }).click();
  await expect(page.getByTestId('node-cerrado')).toBeVisible();

  // elkjs lays out, the export is a blob download, a refused import is a sonner toast.
  await page.getByRole('button', { name: 'Ordenar', exact: true }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar', exact: true }).click();
  await downloading;
  page.on('dialog', (d) => void d.accept());
  await page.getByTestId('import-file').setInputFiles({
    name: 'otro.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"otra-cosa","graph":{}}'),
  });
  const toast = page.locator('[data-sonner-toast]').filter({ hasText: 'No se pudo importar el archivo.' });
  await expect(toast).toBeVisible();
  // Styled by the sheet sonner injects (unstyled, a toast is static in the page flow).
  expect(await toast.evaluate((el) => getComputedStyle(el).position)).toBe('absolute');

  // The test phone, speaking its prompts.
  await page.getByRole('button', { name: 'Probar' }).click();
  const phone = page.getByTestId('test-phone');
  await phone.getByRole('checkbox', { name: 'Voz' }).check();
  await phone.getByRole('button', { name: 'Llamar' }).click();
  await expect(phone.getByTestId('test-phone-transcript')).not.toBeEmpty();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  expect(await violations()).toEqual([]);
  await context.close();
});

/** Every Content-Security-Policy violation the page reports, from its first script on. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const logged: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) logged.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`),
    );
  });
  return async () => [
    ...logged,
    ...(await page.evaluate(() => {
      const seen: unknown = Reflect.get(window, '__cspViolations');
      return Array.isArray(seen) ? seen.map(String) : [];
    })),
  ];
}
