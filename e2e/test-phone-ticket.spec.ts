import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('the test phone reads a created ticket by its short number, one digit at a time, never its id', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1700, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, 'disenio@salud.demo');
  // The organismo's first area, as the canvas's select offers it.
  const resources = await page.request.get('/api/trpc/flows.resources?batch=1&input=%7B%7D');
  expect(resources.ok()).toBe(true);
  const areaId = JSON.stringify(await resources.json()).match(/"areas":\[\{"id":"([0-9a-f-]{36})"/)?.[1];
  expect(areaId).toBeTruthy();
  const node = (id: string, kind: string, y: number, config: Record<string, unknown> = {}) => ({
    id,
    kind,
    position: { x: 0, y },
    config,
  });
  const graph = {
    nodes: [
      node('inicio', 'trigger_incoming_call', 0),
      node('caso', 'create_ticket', 160, { areaId, subject: 'Reclamo por teléfono' }),
      node('numero', 'hang_up', 320, {
        goodbye: 'Registramos su reclamo con el número {{vars.ticket_number|digitos}}. Gracias.',
      }),
    ],
    edges: [
      { id: 'e1', source: 'inicio', sourcePort: 'next', target: 'caso' },
      { id: 'e2', source: 'caso', sourcePort: 'created', target: 'numero' },
    ],
    notes: [],
  };
  const created = await page.request.post('/api/trpc/flows.create?batch=1', {
    data: { 0: { json: { name: `Reclamo con número ${Date.now()}`, kind: 'inbound_voice', graph } } },
  });
  expect(created.ok()).toBe(true);
  const flowId = JSON.stringify(await created.json()).match(/"id":"([0-9a-f-]{36})"/)?.[1];
  expect(flowId).toBeTruthy();
  await page.goto(`/flows/${flowId}`);
  await expect(page.getByTestId('node-caso')).toBeVisible();

  await page.getByRole('button', { name: 'Probar' }).click();
  const phone = page.getByTestId('test-phone');
  const transcript = phone.getByTestId('test-phone-transcript');
  await phone.getByRole('button', { name: 'Llamar' }).click();
  const said = transcript.getByText(/Registramos su reclamo con el número/);
  await expect(said).toBeVisible();
  // Digits separated by spaces (a voice reads each one), and no 36-character UUID.
  await expect(said).toHaveText(/con el número (\d )*\d\. Gracias\./);
  await expect(transcript).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  await expect(transcript.getByText('Llamada terminada')).toBeVisible();
  await context.close();
});
