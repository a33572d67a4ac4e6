import { randomInt } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { nav, seriousViolations, signIn } from './helpers';

// Vera's admin, so Salud's data stays as the other specs expect it.
test('an admin imports the No Llame list and sees its date, its age and no staleness warning', async ({
  page,
}) => {
  await signIn(page, 'admin@vera.demo');
  await nav(page).getByRole('link', { name: 'Registro No Llame' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Registro No Llame' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('Fecha del registro').fill(today);
  await page.getByLabel(/Archivo/).setInputFiles({
    name: 'no-llame.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      `telefono\n0341 15-${randomInt(100, 999)}-${randomInt(1000, 9999)}\nno es un número\n`,
    ),
  });
  await page.getByRole('button', { name: 'Importar', exact: true }).click();
  await expect(page.getByText(/Lista importada: 1 números, 1 inválidos\./)).toBeVisible();
  await expect(page.getByTestId('no-llame-date')).toHaveText(today);
  await expect(page.getByTestId('no-llame-age')).toHaveText(/^[01] días?$/);
  await expect(page.getByRole('alert').filter({ hasText: 'más de 30 días' })).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
});

test('an admin blocks a number, finds it, and removes it, which the register keeps', async ({ page }) => {
  await signIn(page, 'admin@vera.demo');
  await nav(page).getByRole('link', { name: 'No contactar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'No contactar' })).toBeVisible();

  const local = `${randomInt(100, 999)}-${randomInt(1000, 9999)}`;
  const e164 = `+549341${local.replace('-', '')}`;
  await page.getByLabel('Teléfono o correo').fill(`0341 15-${local}`);
  await page.getByLabel('Motivo').selectOption('complaint');
  await page.getByLabel('Nota').first().fill('Reclamo por llamadas');
  await page.getByRole('button', { name: 'Agregar', exact: true }).click();
  await expect(page.getByText('Agregado al registro.', { exact: true })).toBeVisible();

  await page.getByLabel('Buscar').fill(e164);
  const row = page.getByRole('row').filter({ hasText: e164 });
  await expect(row).toContainText('Reclamo');
  expect(await seriousViolations(page)).toEqual([]);

  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Quitar' }).click();
  await expect(page.getByText('Quitado del registro.', { exact: true })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: e164 })).toHaveCount(0);
  await page.getByLabel('Mostrar quitados').check();
  await expect(page.getByRole('row').filter({ hasText: e164 })).toHaveCount(1);
});
