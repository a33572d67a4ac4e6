import { expect, test } from '@playwright/test';
import { nav, signIn } from './helpers';

test('a designer calls the demo IVR draft from the test phone, presses digits and sees the lit path', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1700, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, 'disenio@salud.demo');
  await nav(page).getByRole('link', { name: 'Flujos' }).click();
  await page.getByTestId('flows-table').getByRole('link', { name: 'Turnos de vacunación' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Turnos de vacunación' })).toBeVisible();
  await expect(page.getByTestId('node-bienvenida')).toBeVisible();

  await page.getByRole('button', { name: 'Probar' }).click();
  const phone = page.getByTestId('test-phone');
  await expect(phone.getByRole('heading', { name: 'Teléfono de prueba' })).toBeVisible();
  await phone.getByRole('button', { name: 'Llamar' }).click();

  const transcript = phone.getByTestId('test-phone-transcript');
  await expect(transcript).toContainText('Bienvenida y bienvenido a la línea de vacunación');
  // The steps already run are drawn on the canvas, with the edges between them.
  await expect(page.getByTestId('node-inicio')).toHaveAttribute('data-test-run', 'visited');
  await expect(page.getByTestId('node-bienvenida')).toHaveAttribute('data-test-run', 'visited');
  await expect(page.getByTestId('node-horario')).toHaveAttribute('data-test-run', 'visited');
  await expect(page.locator('.react-flow__edge.test-run-visited').first()).toBeVisible();
  await expect(phone.getByTestId('test-phone-variables')).toContainText('+5493420000000');

  // The first step depends on the clock (business hours): the menu when open, the voicemail when closed.
  const menuPrompt = 'Para sacar o consultar tu turno de vacunación, marcá 1.';
  const closed = 'Nuestro horario de atención es de lunes a viernes de 8 a 18.';
  await expect(transcript.getByText(menuPrompt).or(transcript.getByText(closed)).first()).toBeVisible();
  if (await transcript.getByText(menuPrompt).isVisible()) {
    await expect(page.getByTestId('node-menu')).toHaveAttribute('data-test-run', 'active');
    await phone.getByRole('button', { name: '9', exact: true }).click();
    await expect(transcript.getByText('Marcaste 9')).toBeVisible();
    await expect(transcript.getByText(menuPrompt)).toHaveCount(2);
    await expect(phone.getByTestId('test-phone-variables')).toContainText('opcion');
    await phone.getByRole('button', { name: 'Colgar' }).click();
  } else {
    await expect(page.getByTestId('node-mensaje')).toHaveAttribute('data-test-run', 'active');
    await phone.getByRole('button', { name: '#', exact: true }).click();
    await phone.getByRole('button', { name: 'Enviar' }).click();
    await expect(transcript.getByText('Marcaste #')).toBeVisible();
  }
  // Open: the designer hung up on the menu; closed: no recording ends the call by itself.
  await expect(transcript.getByText('Llamada terminada')).toBeVisible();
  await expect(phone.getByTestId('test-phone-status')).toBeVisible();
  // At the end the path taken stays drawn; nothing is active any more.
  await expect(page.getByTestId('node-bienvenida')).toHaveAttribute('data-test-run', 'visited');
  await expect(page.locator('[data-test-run="active"]')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge.test-run-visited').first()).toBeVisible();
  await context.close();
});

test('the test phone runs an unpublished draft: repeat, a DNI typed on the keypad, and a hang-up', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1700, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, 'disenio@salud.demo');
  const node = (id: string, kind: string, y: number, config: Record<string, unknown> = {}) => ({
    id,
    kind,
    position: { x: 0, y },
    config,
  });
  const graph = {
    nodes: [
      node('inicio', 'trigger_incoming_call', 0),
      node('menu', 'gather', 160, {
        prompt: 'Para registrar tu documento marcá 1. Para repetir, marcá 9.',
        options: [
          { key: '1', label: 'Documento' },
          { key: '9', label: 'Repetir' },
        ],
        saveAs: 'opcion',
      }),
      node('dni', 'gather', 320, {
        prompt: 'Ingresá tu documento y después la tecla numeral.',
        mode: 'collect',
        maxDigits: 8,
        pattern: '^\\d{7,8}$',
        saveAs: 'dni',
      }),
      node('chau', 'hang_up', 480, { goodbye: 'Registramos el documento {{vars.dni}}. ¡Gracias!' }),
      node('nada', 'hang_up', 480, { goodbye: 'No te entendimos.' }),
    ],
    edges: [
      { id: 'e1', source: 'inicio', sourcePort: 'next', target: 'menu' },
      { id: 'e2', source: 'menu', sourcePort: 'opt_1', target: 'dni' },
      { id: 'e3', source: 'menu', sourcePort: 'opt_9', target: 'menu' },
      { id: 'e4', source: 'menu', sourcePort: 'no_input', target: 'nada' },
      { id: 'e5', source: 'menu', sourcePort: 'invalid', target: 'nada' },
      { id: 'e6', source: 'dni', sourcePort: 'collected', target: 'chau' },
      { id: 'e7', source: 'dni', sourcePort: 'no_input', target: 'nada' },
      { id: 'e8', source: 'dni', sourcePort: 'invalid', target: 'nada' },
    ],
    notes: [],
  };
  // A draft that was never published: created through the app's own API with the designer's session.
  const created = await page.request.post('/api/trpc/flows.create?batch=1', {
    data: { 0: { json: { name: `Prueba de teléfono ${Date.now()}`, kind: 'inbound_voice', graph } } },
  });
  expect(created.ok()).toBe(true);
  const body: unknown = await created.json();
  const flowId = JSON.stringify(body).match(/"id":"([0-9a-f-]{36})"/)?.[1];
  expect(flowId).toBeTruthy();
  await page.goto(`/flows/${flowId}`);
  await expect(page.getByTestId('node-menu')).toBeVisible();

  await page.getByRole('button', { name: 'Probar' }).click();
  const phone = page.getByTestId('test-phone');
  const transcript = phone.getByTestId('test-phone-transcript');
  await phone.getByRole('button', { name: 'Llamar' }).click();
  await expect(transcript.getByText('Para registrar tu documento marcá 1.')).toHaveCount(1);
  await expect(page.getByTestId('node-menu')).toHaveAttribute('data-test-run', 'active');

  await phone.getByRole('button', { name: '9', exact: true }).click();
  await expect(transcript.getByText('Para registrar tu documento marcá 1.')).toHaveCount(2);
  await phone.getByRole('button', { name: '1', exact: true }).click();
  await expect(transcript.getByText('Ingresá tu documento y después la tecla numeral.')).toBeVisible();
  await expect(page.getByTestId('node-dni')).toHaveAttribute('data-test-run', 'active');
  for (const d of '3012345') await phone.getByRole('button', { name: d, exact: true }).click();
  await expect(phone.getByLabel('Dígitos marcados')).toHaveText('3012345');
  await phone.getByRole('button', { name: 'Enviar' }).click();
  await expect(transcript.getByText('Registramos el documento 3012345. ¡Gracias!')).toBeVisible();
  await expect(transcript.getByText('Llamada terminada')).toBeVisible();
  await expect(phone.getByTestId('test-phone-variables')).toContainText('3012345');

  // The path stays drawn: every step it took, and the edges of the ports taken (not the unused ones).
  for (const id of ['inicio', 'menu', 'dni', 'chau'])
    await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-test-run', 'visited');
  await expect(page.getByTestId('node-nada')).not.toHaveAttribute('data-test-run', /.+/);
  await expect(page.locator('.react-flow__edge.test-run-visited')).toHaveCount(4);

  // A second call, hung up on the menu.
  await phone.getByRole('button', { name: 'Volver a probar' }).click();
  await expect(transcript.getByText('Para registrar tu documento marcá 1.')).toHaveCount(1);
  await phone.getByRole('button', { name: 'Colgar' }).click();
  await expect(transcript.getByText('Llamada terminada')).toBeVisible();
  await expect(phone.getByTestId('test-phone-status')).toContainText('hung_up');
  await phone.getByRole('button', { name: 'Cerrar el teléfono de prueba' }).click();
  await expect(page.locator('[data-test-run]')).toHaveCount(0);
  await context.close();
});
