import { expect, test } from '@playwright/test';
import { nav, signIn } from './helpers';

test('a designer saves a test-phone session of the demo IVR as a scenario, runs it, and sees it fail when the draft takes another way', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ viewport: { width: 1800, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, 'disenio@salud.demo');
  await nav(page).getByRole('link', { name: 'Flujos' }).click();
  await page.getByTestId('flows-table').getByRole('link', { name: 'Turnos de vacunación' }).click();
  await expect(page.getByTestId('node-buscar')).toBeVisible();

  // Probar, pretending open hours and a queue with free agents, whatever the real clock says.
  await page.getByRole('button', { name: 'Probar' }).click();
  const phone = page.getByTestId('test-phone');
  const simulate = phone.getByTestId('test-phone-simulate');
  await simulate.getByText('Simular').click();
  await simulate.getByLabel('Horario de atención').selectOption('open');
  await simulate.getByRole('button', { name: 'Agregar una cola' }).click();
  await simulate.getByLabel('Cola', { exact: true }).selectOption({ label: 'Turnos de vacunación' });
  await simulate.getByLabel('Espera estimada (segundos)').fill('30');
  await expect(simulate).toContainText('2 simulaciones activas');
  await phone.getByRole('button', { name: 'Llamar' }).click();

  const transcript = phone.getByTestId('test-phone-transcript');
  await expect(transcript.getByText('Para sacar o consultar tu turno de vacunación, marcá 1.')).toBeVisible();
  await phone.getByRole('button', { name: '1', exact: true }).click();
  await expect(transcript.getByText('Ingresá tu número de documento')).toBeVisible();
  for (const d of '20123456') await phone.getByRole('button', { name: d, exact: true }).click();
  await expect(transcript.getByText('María, encontramos tus datos.', { exact: false })).toBeVisible();
  await phone.getByRole('button', { name: '5', exact: true }).click();
  await expect(transcript.getByText('Llamada terminada')).toBeVisible();
  await expect(phone.getByTestId('test-phone-status')).toBeVisible();

  // Save it: the path always, plus how it ended and the SMS it sent.
  const name = `Turno por DNI ${Date.now()}`;
  await phone.getByRole('button', { name: 'Guardar como escenario' }).click();
  const dialog = page.getByRole('dialog', { name: 'Guardar la prueba como escenario' });
  await dialog.getByLabel('Nombre', { exact: true }).fill(name);
  await expect(dialog.getByLabel('El recorrido (10 nodos), siempre')).toBeChecked();
  await dialog.getByLabel(/Los mensajes enviados/).check();
  await dialog.getByRole('button', { name: 'Guardar escenario' }).click();
  await expect(page.getByText(`Guardaste el escenario «${name}».`)).toBeVisible();

  // The editor shows the flow's scenarios; the new one passes against the current draft.
  const panel = page.getByTestId('scenarios-panel');
  await expect(page.getByRole('tab', { name: 'Escenarios' })).toHaveAttribute('aria-selected', 'true');
  const mine = panel.getByRole('listitem', { name });
  await expect(mine).toContainText('3 respuestas · 10 nodos');
  await expect(mine).toContainText('horario abierto, 1 cola');
  await mine.getByRole('button', { name: 'Ejecutar' }).click();
  await expect(mine).toHaveAttribute('data-status', 'passed', { timeout: 30_000 });
  await expect(mine.getByText('Pasó')).toBeVisible();

  // The demo's own scenarios pass too.
  await panel.getByRole('button', { name: 'Ejecutar todos' }).click();
  await expect(panel.getByTestId('scenarios-totals')).toHaveText(/^Pasaron (\d+) de \1$/, {
    timeout: 60_000,
  });
  await expect(panel.locator('[data-status="failed"]')).toHaveCount(0);

  // The designer changes the draft: the citizen is now looked up by phone, so the DNI finds nobody.
  await page.getByTestId('node-buscar').click();
  await page.getByRole('tab', { name: 'Propiedades' }).click();
  await page.getByLabel('Buscar por', { exact: true }).selectOption('phone');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await page.getByRole('tab', { name: 'Escenarios' }).click();
  await mine.getByRole('button', { name: 'Ejecutar' }).click();
  await expect(mine).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(mine.getByTestId('scenario-difference')).toHaveText(
    'Esperaba pasar por «Confirmar datos», pasó por «Pasar a un operador».',
  );

  // Back to the DNI: the draft is as it was (other specs use the demo IVR), and the scenario passes again.
  await page.getByRole('tab', { name: 'Propiedades' }).click();
  await page.getByLabel('Buscar por', { exact: true }).selectOption('dni');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await page.getByRole('tab', { name: 'Escenarios' }).click();
  await mine.getByRole('button', { name: 'Ejecutar' }).click();
  await expect(mine).toHaveAttribute('data-status', 'passed', { timeout: 30_000 });

  // Rename, then delete.
  await mine.getByRole('button', { name: 'Renombrar' }).click();
  await mine.getByLabel('Nombre del escenario').fill(`${name} (renombrado)`);
  await mine.getByRole('button', { name: 'Guardar nombre' }).click();
  const renamed = panel.getByRole('listitem', { name: `${name} (renombrado)` });
  await expect(renamed).toBeVisible();
  page.once('dialog', (d) => void d.accept());
  await renamed.getByRole('button', { name: 'Eliminar' }).click();
  await expect(renamed).toHaveCount(0);
  await context.close();
});

test('an API flow: «Probar» asks for the declared inputs, typed, and runs with them', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1800, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, 'disenio@salud.demo');
  await nav(page).getByRole('link', { name: 'Flujos' }).click();
  await page.getByTestId('flows-table').getByRole('link', { name: 'Recordatorio de turno (API)' }).click();
  await expect(page.getByTestId('node-sms')).toBeVisible();
  await page.getByRole('button', { name: 'Probar' }).click();
  const phone = page.getByTestId('test-phone');
  const form = phone.getByTestId('test-phone-api-input');
  await expect(form.getByLabel('telefono · Teléfono (obligatorio)')).toHaveAttribute('type', 'tel');
  await expect(form.getByLabel('fecha · Fecha (obligatorio)')).toHaveAttribute('type', 'date');
  await form.getByLabel('telefono · Teléfono (obligatorio)').fill('+5493424990003');
  await form.getByLabel('nombre · Texto').fill('Lucía');
  await form.getByLabel('fecha · Fecha (obligatorio)').fill('2026-12-01');
  await form.getByRole('button', { name: 'Ejecutar' }).click();
  await expect(phone.getByTestId('test-phone-status')).toContainText('recordado');
  await expect(phone.getByTestId('test-phone-outbox')).toContainText('Hola Lucía: te recordamos tu turno');
  await expect(phone.getByTestId('test-phone-variables')).toContainText('input.nombre');

  // The inputs are part of the scenario: it replays with the same values.
  const name = `Recordatorio a Lucía ${Date.now()}`;
  await phone.getByRole('button', { name: 'Guardar como escenario' }).click();
  const dialog = page.getByRole('dialog', { name: 'Guardar la prueba como escenario' });
  await dialog.getByLabel('Nombre', { exact: true }).fill(name);
  await dialog.getByLabel('input.nombre = Lucía').check();
  await dialog.getByRole('button', { name: 'Guardar escenario' }).click();
  const mine = page.getByTestId('scenarios-panel').getByRole('listitem', { name });
  await mine.getByRole('button', { name: 'Ejecutar' }).click();
  await expect(mine).toHaveAttribute('data-status', 'passed', { timeout: 30_000 });
  await context.close();
});
