import { expect, test } from '@playwright/test';
import { nav, signIn } from './helpers';

test('a reminder to a number abroad is not sent: the outbox says it was refused and why', async ({
  page,
  request,
}) => {
  await signIn(page, 'admin@salud.demo');
  await nav(page).getByRole('link', { name: 'Claves de API' }).click();
  await page.getByLabel('Nombre de la clave').fill('Turnos (exterior)');
  await page.getByRole('button', { name: 'Crear clave' }).click();
  const token = (await page.getByTestId('new-api-key').textContent())?.trim() ?? '';
  const endpoint =
    (await page.getByTestId('endpoint-Recordatorio de turno (API)').textContent())?.trim() ?? '';
  const started = await request.post(new URL(endpoint).pathname, {
    headers: { authorization: `Bearer ${token}` },
    data: { input: { telefono: '+5511987654321', nombre: 'João', fecha: '2026-12-01' } },
  });
  expect(started.status()).toBe(201);

  await page.goto('/outbox');
  const refused = page.getByTestId('outbox-table').getByTestId('outbox-status-refused');
  await expect(async () => {
    await page.reload();
    await expect(refused.first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(refused.first()).toContainText('Rechazado');
  await expect(refused.first()).toContainText(
    'No se envió: +5511987654321 está fuera de los países a los que se puede llamar o escribir',
  );
});
