import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { nav, seriousViolations, signIn } from './helpers';

// Vera's admin, so Salud's data stays as the other specs expect it.
test('an admin saves a secret, sees only its name and how to use it, replaces and deletes it', async ({
  page,
}) => {
  await signIn(page, 'admin@vera.demo');
  await nav(page).getByRole('link', { name: 'Secretos' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Secretos' })).toBeVisible();

  const name = `TOKEN_${randomBytes(4).toString('hex').toUpperCase()}`;
  const value = `valor-${randomBytes(8).toString('hex')}`;
  await page.getByLabel('Nombre', { exact: true }).fill(name);
  await page.getByLabel('Valor', { exact: true }).fill(value);
  await page.getByRole('button', { name: 'Guardar secreto' }).click();
  await expect(page.getByText('Secreto guardado.', { exact: true })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText(`{{secret.${name}}}`);
  await expect(page.locator('body')).not.toContainText(value);

  await row.getByRole('button', { name: 'Reemplazar valor' }).click();
  await page.getByLabel(`Valor nuevo de ${name}`).fill(`${value}-2`);
  await page.getByRole('button', { name: 'Guardar', exact: true }).click();
  await expect(page.getByText('Valor reemplazado.', { exact: true })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Eliminar' }).click();
  await expect(page.getByText('Secreto eliminado.', { exact: true })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);
});

test('a designer does not see the secrets page', async ({ page }) => {
  await signIn(page, 'disenio@salud.demo');
  await expect(nav(page).getByRole('link', { name: 'Secretos' })).toHaveCount(0);
  await page.goto('/settings/secrets');
  await expect(page.getByRole('alert').filter({ hasText: 'No tenés permiso' })).toBeVisible();
});
