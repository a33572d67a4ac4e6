import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const DEMO_PASSWORD = 'cauce-demo';

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hola, / })).toBeVisible();
}

export function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Navegación principal' });
}

/**
 * axe's serious and critical violations on the page, scanned once no finite animation runs: a toast
 * fading out reads as half-transparent, low-contrast text (a flaky false positive otherwise).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every(
          (a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Number.POSITIVE_INFINITY,
        ),
    null,
    { timeout: 10_000 },
  );
  const scan = await new AxeBuilder({ page }).analyze();
  return scan.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
