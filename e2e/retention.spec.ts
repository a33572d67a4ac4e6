import { expect, test } from '@playwright/test';
import { nav, signIn } from './helpers';

// Vera's admin: Salud's policy stays as seeded for the other specs running alongside.
test('an admin sets how long the organismo keeps personal data, and it stays set', async ({ page }) => {
  await signIn(page, 'admin@vera.demo');
  await nav(page).getByRole('link', { name: 'Organismo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organismo' })).toBeVisible();
  const recordings = page.getByRole('group', { name: 'Grabaciones de llamadas' });
  const bodies = page.getByRole('group', { name: 'Textos de los mensajes' });
  await expect(recordings).toContainText('Valor inicial: 365 días.');

  await recordings.getByLabel('Días que se conservan').fill('0');
  await expect(recordings.getByText('Ingresá un número entero de días entre 1 y 3650.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Guardar' })).toBeDisabled();
  await recordings.getByLabel('Días que se conservan').fill('30');
  await bodies.getByLabel('Conservar sin límite').check();
  await expect(bodies.getByLabel('Días que se conservan')).toBeDisabled();
  await page.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('Guardamos la política de conservación.', { exact: true })).toBeVisible();

  await page.reload();
  await expect(recordings.getByLabel('Días que se conservan')).toHaveValue('30');
  await expect(bodies.getByLabel('Conservar sin límite')).toBeChecked();
  await nav(page).getByRole('link', { name: 'Auditoría' }).click();
  await expect(page.getByText('Cambió la conservación de datos').first()).toBeVisible();
});
