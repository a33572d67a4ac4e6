import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'cauce-demo';

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
