import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { nav, signIn } from './helpers';

async function seriousViolations(page: Page) {
  const scan = await new AxeBuilder({ page }).analyze();
  return scan.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('a designer builds a flow on the canvas, fixes what the checklist reports, undoes, and publishes', async ({
  browser,
}) => {
  // axe needs a page from its own context.
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, 'disenio@salud.demo');
  await nav(page).getByRole('link', { name: 'Flujos' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Flujos' })).toBeVisible();
  await expect(page.getByTestId('flows-table').getByText('Turnos de vacunación')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  const name = `Consultas generales ${Date.now()}`;
  await page.getByRole('button', { name: 'Nuevo flujo' }).click();
  await page.getByRole('dialog').getByLabel('Nombre').fill(name);
  await page.getByRole('button', { name: 'Crear flujo' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const canvas = page.getByTestId('canvas');

  // Drag a trigger from the palette; then press «Decir»: it lands after the selected trigger, connected.
  await page
    .getByTestId('palette-trigger_incoming_call')
    .dragTo(canvas, { targetPosition: { x: 160, y: 80 } });
  await expect(page.getByTestId('node-incoming_call_1')).toBeVisible();
  await page.getByTestId('palette-say').click();
  await expect(page.getByTestId('node-say_1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  // An empty Say is an error: red badge, a checklist entry, and publish refused with the reason.
  await expect(page.getByTestId('node-say_1').getByTestId('node-error-badge')).toBeVisible();
  await expect(page.getByTestId('publish-blocked')).toContainText('para publicar');
  await expect(page.getByRole('button', { name: 'Publicar' })).toBeDisabled();
  await page.getByRole('tab', { name: /Problemas/ }).click();
  await page
    .getByTestId('checklist')
    .getByRole('button', { name: /text or audio is required/ })
    .click();
  const text = page.getByLabel('Texto', { exact: true });
  await expect(text).toBeFocused();
  await text.fill('Hola, gracias por llamar al Ministerio de Salud.');
  await expect(page.getByTestId('node-say_1').getByTestId('node-summary')).toHaveText(
    'Hola, gracias por llamar al Ministerio de Salud.',
  );

  // Drop «Cortar» on its own and connect «Siguiente» of Say to it by hand.
  await page.getByTestId('palette-hang_up').dragTo(canvas, { targetPosition: { x: 220, y: 720 } });
  const hangUp = page.getByTestId('node-hang_up_1');
  await expect(hangUp).toBeVisible();
  await page.getByTestId('handle-say_1-next').hover();
  await page.mouse.down();
  const target = hangUp.locator('.react-flow__handle.target');
  const box = await target.boundingBox();
  if (!box) throw new Error('target handle not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 10 });
  await page.mouse.up();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await page.getByRole('tab', { name: /Problemas/ }).click();
  await expect(page.getByTestId('checklist-empty')).toBeVisible();

  // Undo takes the connection away (and the checklist complains again); redo brings it back.
  await canvas.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(page.getByTestId('checklist')).toContainText('«Siguiente» no está conectada');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect(page.getByTestId('checklist-empty')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Publicar' }).click();
  await page.getByLabel('Nota de la versión (qué cambió)').fill('Primera versión');
  await page.getByRole('button', { name: 'Publicar versión' }).click();
  await expect(page.getByText('Publicaste la versión 1.')).toBeVisible();
  const versions = page.getByTestId('versions');
  await expect(versions.getByText('Versión 1')).toBeVisible();
  await expect(versions.getByText('Primera versión')).toBeVisible();

  // The draft survives a reload: autosave kept it on the server.
  await page.reload();
  await expect(page.getByTestId('node-hang_up_1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await context.close();
});

test('a stale save from a second tab is refused and the designer can reload the saved flow', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await signIn(first, 'disenio@salud.demo');
  await first.goto('/flows');
  await first.getByRole('button', { name: 'Nuevo flujo' }).click();
  await first.getByRole('dialog').getByLabel('Nombre').fill(`Dos pestañas ${Date.now()}`);
  await first.getByRole('radio', { name: /IVR con menú de opciones/ }).check();
  await first.getByRole('button', { name: 'Crear flujo' }).click();
  await expect(first.getByTestId('node-menu')).toBeVisible();
  // The template compiles with the organismo's own queue and schedule.
  await first.getByRole('tab', { name: /Problemas/ }).click();
  await expect(first.getByTestId('checklist-empty')).toBeVisible();

  const second = await context.newPage();
  await second.goto(first.url());
  await expect(second.getByTestId('node-menu')).toBeVisible();

  await first.getByTestId('palette-end').click();
  await expect(first.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await second.getByTestId('palette-wait').click();
  await expect(second.getByRole('alert').filter({ hasText: 'Otra persona guardó este flujo' })).toBeVisible();
  await second.getByRole('button', { name: 'Recargar el flujo guardado' }).click();
  await expect(second.getByTestId('node-end_1')).toBeVisible();
  await expect(second.getByTestId('node-wait_1')).toHaveCount(0);
  await context.close();
});
