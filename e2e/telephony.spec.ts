import { randomBytes, randomInt } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { nav, signIn } from './helpers';

// Vera's admin: Salud's sends must stay on the simulator for the other specs running alongside.
test('an admin registers a number, saves the organismo’s Twilio subaccount and sees only a mask of the token', async ({
  page,
}) => {
  await signIn(page, 'admin@vera.demo');
  await nav(page).getByRole('link', { name: 'Telefonía' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Telefonía' })).toBeVisible();
  const banner = page.getByTestId('simulator-banner');
  await expect(banner).toContainText('Sin credenciales de Twilio: las llamadas y mensajes se simulan.');

  const line = `+54348${randomInt(1_000_000, 9_999_999)}`;
  await page.getByLabel('Número', { exact: true }).fill(line);
  await page.getByLabel('Etiqueta (opcional)').fill('Atención vecinal');
  await page.getByRole('button', { name: 'Agregar número' }).click();
  await expect(page.getByText('Número agregado.', { exact: true })).toBeVisible();
  const row = page.getByTestId(`phone-number-${line}-voice_sms`);
  await expect(row).toContainText('Atención vecinal');
  await expect(row).toContainText('Cuenta de la plataforma');
  await expect(row).toContainText('Sin flujo');

  const sid = `AC${randomBytes(16).toString('hex')}`;
  const token = randomBytes(16).toString('hex');
  await expect(page.getByTestId('auth-token-mask')).toHaveText('Auth token: sin configurar');
  await page.getByLabel('Account SID de la subcuenta').fill(sid);
  await page.getByLabel('Auth token').fill(token);
  await page.getByRole('button', { name: 'Guardar credenciales' }).click();
  await expect(page.getByText('Credenciales guardadas.', { exact: true })).toBeVisible();
  await expect(page.getByTestId('subaccount-status')).toContainText(`El organismo usa su subcuenta ${sid}.`);
  await expect(page.getByTestId('auth-token-mask')).toHaveText(
    `Auth token: configurado (termina en ••${token.slice(-4)})`,
  );
  await expect(page.getByLabel('Auth token')).toHaveValue('');
  // The token is nowhere on the page, not even after a reload.
  await page.reload();
  await expect(page.getByTestId('auth-token-mask')).toContainText(token.slice(-4));
  expect(await page.content()).not.toContain(token);
  // The organismo now sends through its own Twilio account: nothing is simulated any more.
  await expect(page.getByTestId('simulator-banner')).toHaveCount(0);

  await page.getByRole('button', { name: 'Quitar la subcuenta' }).click();
  await expect(page.getByTestId('subaccount-status')).toContainText('cuenta de la plataforma');
  await expect(page.getByTestId('simulator-banner')).toBeVisible();
  await page.getByRole('button', { name: `Quitar ${line}` }).click();
  await expect(page.getByTestId(`phone-number-${line}-voice_sms`)).toHaveCount(0);
});

test('the demo line is Salud’s, a new line is bound to its IVR, and the outbox and editor say calls are simulated', async ({
  page,
}) => {
  await signIn(page, 'admin@salud.demo');
  await page.goto('/settings/telephony');
  const row = page.getByTestId('phone-number-+543424000000-voice_sms');
  await expect(row).toContainText('Línea de vacunación');
  await expect(row).toContainText('Llamadas: Turnos de vacunación');

  // A second line for the same IVR: register it, bind it, unbind it, remove it.
  const line = `+54342${randomInt(1_000_000, 9_999_999)}`;
  await page.getByLabel('Número', { exact: true }).fill(line);
  await page.getByRole('button', { name: 'Agregar número' }).click();
  const added = page.getByTestId(`phone-number-${line}-voice_sms`);
  await added.getByLabel(`Flujo para ${line}`).selectOption({ label: 'Llamadas: Turnos de vacunación' });
  await added.getByRole('button', { name: 'Vincular' }).click();
  await expect(page.getByText('Flujo vinculado.', { exact: true })).toBeVisible();
  await expect(added).toContainText('Llamadas: Turnos de vacunación');
  // Bound, the number cannot be removed; unbound, it can.
  await page.getByRole('button', { name: `Quitar ${line}` }).click();
  await expect(page.getByText('Está en uso: desvinculá sus flujos')).toBeVisible();
  await added.getByRole('button', { name: `Desvincular Turnos de vacunación de ${line}` }).click();
  await expect(added).toContainText('Sin flujo');
  await page.getByRole('button', { name: `Quitar ${line}` }).click();
  await expect(added).toHaveCount(0);

  await nav(page).getByRole('link', { name: 'Bandeja de salida' }).click();
  await expect(page.getByTestId('simulator-banner')).toContainText('Sin credenciales de Twilio');

  await nav(page).getByRole('link', { name: 'Flujos' }).click();
  await page.getByTestId('flows-table').getByRole('link', { name: 'Turnos de vacunación' }).click();
  await expect(page.getByTestId('simulator-banner')).toContainText('las llamadas y mensajes se simulan');
});
