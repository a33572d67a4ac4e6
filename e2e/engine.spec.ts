import { expect, test } from '@playwright/test';
import { nav, signIn } from './helpers';

test('an admin creates an API key, another system starts a flow with it, and the run shows up with its SMS', async ({
  page,
  request,
}) => {
  await signIn(page, 'admin@salud.demo');
  await nav(page).getByRole('link', { name: 'Claves de API' }).click();
  await page.getByLabel('Nombre de la clave').fill('Sistema de turnos');
  await page.getByRole('button', { name: 'Crear clave' }).click();
  const token = (await page.getByTestId('new-api-key').textContent())?.trim() ?? '';
  expect(token).toMatch(/^cauce_[0-9a-f]{8}_/);
  const endpoint =
    (await page.getByTestId('endpoint-Recordatorio de turno (API)').textContent())?.trim() ?? '';
  const path = new URL(endpoint).pathname;

  const refused = await request.post(path, {
    data: { input: { telefono: '+5493424000001', fecha: '2026-12-01' } },
  });
  expect(refused.status()).toBe(401);
  const started = await request.post(path, {
    headers: { authorization: `Bearer ${token}` },
    data: { input: { telefono: '+5493424000001', nombre: 'María', fecha: '2026-12-01' } },
  });
  expect(started.status()).toBe(201);
  const { executionId } = await started.json();

  await nav(page).getByRole('link', { name: 'Ejecuciones' }).click();
  await page.goto(`/executions/${encodeURIComponent(executionId)}`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('execution-outcome')).toHaveText('recordado', { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const trace = page.getByTestId('execution-trace');
  await expect(trace.getByText('inicio')).toBeVisible();
  await expect(trace.getByText('→ sent')).toBeVisible();

  await nav(page).getByRole('link', { name: 'Bandeja de salida' }).click();
  await expect(
    page
      .getByTestId('outbox-table')
      .getByText('Hola María: te recordamos tu turno de vacunación del martes, 1 de diciembre de 2026.', {
        exact: false,
      }),
  ).toBeVisible();
});

test('an agent does not see executions, the outbox or API keys', async ({ page }) => {
  await signIn(page, 'agente2@salud.demo');
  for (const name of ['Ejecuciones', 'Bandeja de salida', 'Claves de API']) {
    await expect(nav(page).getByRole('link', { name })).toHaveCount(0);
  }
  await page.goto('/executions');
  await expect(page.getByRole('alert').filter({ hasText: 'No tenés permiso' })).toBeVisible();
});
