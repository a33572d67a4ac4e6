import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { FILTER_NAMES } from '../workflows/dsl/filters';
import { nav, seriousViolations, signIn } from './helpers';
import { problemText } from './problems';

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
    .getByRole('button', { name: problemText('invalid', 'textOrAudio') })
    .click();
  const text = page.getByLabel('Texto', { exact: true });
  await expect(text).toBeFocused();
  // A filter templates do not have is reported on the field, with the filters there are.
  await text.fill('Hola {{call.from | xyz}}');
  await page.getByRole('tab', { name: /Problemas/ }).click();
  await page
    .getByTestId('checklist')
    .getByRole('button', {
      name: problemText('codes', 'UNKNOWN_FILTER', { filter: 'xyz', known: FILTER_NAMES.join(', ') }),
    })
    .click();
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
  await expect(page.getByTestId('checklist')).toContainText(
    problemText('codes', 'PORT_UNCONNECTED', { port: 'Siguiente' }),
  );
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

/**
 * The new-flow dialog fills a template's queue and schedule from flows.resources, fetched after the
 * page loads: creating before it arrives leaves them empty. Wait for it.
 */
async function openFlowList(page: Page) {
  const resources = page.waitForResponse((r) => r.url().includes('flows.resources') && r.ok());
  await page.goto('/flows');
  await resources;
}

/** A node's position in flow coordinates (React Flow's transform), independent of pan and zoom. */
async function flowPosition(page: Page, id: string): Promise<{ x: number; y: number }> {
  const transform = await page
    .locator(`.react-flow__node[data-id="${id}"]`)
    .evaluate((el) => (el instanceof HTMLElement ? el.style.transform : ''));
  const m = transform.match(/translate\((-?[\d.]+)px,\s*(-?[\d.]+)px\)/);
  if (!m) throw new Error(`no transform on ${id}: ${transform}`);
  return { x: Number(m[1]), y: Number(m[2]) };
}

test('a designer arranges the flow, finds a node with Ctrl+K, and compares the draft with version 1', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, 'disenio@salud.demo');
  await openFlowList(page);
  await page.getByRole('button', { name: 'Nuevo flujo' }).click();
  await page.getByRole('dialog').getByLabel('Nombre').fill(`Ordenar y comparar ${Date.now()}`);
  await page.getByRole('radio', { name: /IVR con menú de opciones/ }).check();
  await page.getByRole('button', { name: 'Crear flujo' }).click();
  await expect(page.getByTestId('node-menu')).toBeVisible();
  await page.getByRole('tab', { name: /Problemas/ }).click();
  await expect(page.getByTestId('checklist-empty')).toBeVisible();
  await page.getByRole('button', { name: 'Publicar' }).click();
  await page.getByLabel('Nota de la versión (qué cambió)').fill('Versión del modelo');
  await page.getByRole('button', { name: 'Publicar versión' }).click();
  await expect(page.getByText('Publicaste la versión 1.')).toBeVisible();

  // «Ordenar»: top-down in call order, the menu's options left to right; one Ctrl+Z puts it all back.
  const before = await flowPosition(page, 'cerrado');
  await page.getByRole('button', { name: 'Ordenar', exact: true }).click();
  await expect.poll(async () => (await flowPosition(page, 'cerrado')).x).not.toBe(before.x);
  const order = ['inicio', 'bienvenida', 'horario', 'menu', 'cola', 'despedida'];
  const ys = await Promise.all(order.map(async (id) => (await flowPosition(page, id)).y));
  expect(ys).toEqual([...ys].sort((a, b) => a - b));
  expect(new Set(ys).size).toBe(order.length);
  expect((await flowPosition(page, 'informacion')).x).toBeLessThan((await flowPosition(page, 'cola')).x);
  await page.keyboard.press('Control+z');
  await expect.poll(() => flowPosition(page, 'cerrado')).toEqual(before);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await flowPosition(page, 'cerrado')).x).not.toBe(before.x);

  // Ctrl+K: type part of what a node says, Enter selects it, opens its properties and centres it.
  await page.keyboard.press('Control+k');
  const search = page.getByRole('dialog', { name: 'Buscar un nodo' });
  await expect(search).toBeVisible();
  const box = search.getByRole('combobox', { name: 'Buscar un nodo' });
  await expect(box).toBeFocused();
  await box.fill('fuera del horario');
  await expect(search.getByRole('option')).toHaveCount(1);
  await expect(search.getByRole('option')).toContainText('fuera del horario');
  expect(await seriousViolations(page)).toEqual([]);
  await box.press('Enter');
  await expect(search).toBeHidden();
  await expect(page.locator('.react-flow__node[data-id="cerrado"]')).toHaveClass(/selected/);
  const text = page.getByLabel('Texto', { exact: true });
  await expect(text).toHaveValue('En este momento estamos fuera del horario de atención.');
  const canvasBox = await page.getByTestId('canvas').boundingBox();
  await expect
    .poll(async () => {
      const node = await page.getByTestId('node-cerrado').boundingBox();
      if (!node || !canvasBox) return Number.POSITIVE_INFINITY;
      return Math.hypot(
        node.x + node.width / 2 - (canvasBox.x + canvasBox.width / 2),
        node.y + node.height / 2 - (canvasBox.y + canvasBox.height / 2),
      );
    })
    .toBeLessThan(40);

  // Change that node, add one after it and delete another; then compare the draft with version 1.
  await text.fill('Estamos fuera del horario. Atendemos de 8 a 20.');
  await page.getByTestId('palette-end').click();
  await expect(page.getByTestId('node-end_1')).toBeVisible();
  await page.keyboard.press('Control+k');
  await search.getByRole('combobox').fill('trámites en línea');
  await search.getByRole('combobox').press('Enter');
  await expect(page.locator('.react-flow__node[data-id="informacion"]')).toHaveClass(/selected/);
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-informacion')).toHaveCount(0);

  await page.getByRole('tab', { name: 'Versiones' }).click();
  await page.getByRole('button', { name: 'Comparar la versión 1 con el borrador' }).click();
  const legend = page.getByTestId('diff-legend');
  await expect(legend).toContainText('Versión 1 → borrador');
  await expect(legend.getByTestId('diff-count-added')).toHaveText('Nuevo: 1');
  await expect(legend.getByTestId('diff-count-changed')).toHaveText('Cambiado: 1');
  await expect(legend.getByTestId('diff-count-removed')).toHaveText('Eliminado: 1');
  await expect(page.getByTestId('node-end_1')).toHaveAttribute('data-diff', 'added');
  await expect(page.getByTestId('node-cerrado')).toHaveAttribute('data-diff', 'changed');
  await expect(page.getByTestId('node-cerrado').getByTestId('node-diff')).toHaveText('Cambiado');
  // The deleted node is back only as a ghost of version 1.
  await expect(page.getByTestId('node-informacion')).toHaveAttribute('data-diff', 'removed');
  await expect(page.getByTestId('node-menu')).not.toHaveAttribute('data-diff', /./);
  expect(await seriousViolations(page)).toEqual([]);
  await legend.getByRole('button', { name: 'Salir de la comparación' }).click();
  await expect(legend).toBeHidden();
  await expect(page.getByTestId('node-informacion')).toHaveCount(0);
  await expect(page.getByTestId('node-cerrado')).not.toHaveAttribute('data-diff', /./);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await context.close();
});

test('a designer exports the draft, imports an edited copy, and reads why a bad file was refused', async ({
  page,
}) => {
  await signIn(page, 'disenio@salud.demo');
  await openFlowList(page);
  await page.getByRole('button', { name: 'Nuevo flujo' }).click();
  await page.getByRole('dialog').getByLabel('Nombre').fill(`Exportar e importar ${Date.now()}`);
  await page.getByRole('radio', { name: /IVR con menú de opciones/ }).check();
  await page.getByRole('button', { name: 'Crear flujo' }).click();
  await expect(page.getByTestId('node-cerrado')).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^exportar-e-importar-\d+\.json$/);
  const path = await download.path();
  const exported: unknown = JSON.parse(await readFile(path, 'utf8'));
  expect(exported).toMatchObject({ format: 'cauce.flow', graph: { nodes: expect.any(Array) } });
  const text = JSON.stringify(exported).replace(
    'En este momento estamos fuera del horario de atención.',
    'Texto que vino en el archivo.',
  );

  page.on('dialog', (d) => void d.accept());
  const file = page.getByTestId('import-file');
  await file.setInputFiles({ name: 'editado.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByText('Importaste «editado.json»')).toBeVisible();
  await expect(page.getByTestId('node-cerrado').getByTestId('node-summary')).toHaveText(
    'Texto que vino en el archivo.',
  );

  await file.setInputFiles({
    name: 'otro.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"otra-cosa","graph":{}}'),
  });
  await expect(page.getByText('No se pudo importar el archivo. El borrador no cambió.')).toBeVisible();
  await expect(page.getByText('El archivo no es una exportación de flujo de Cauce.')).toBeVisible();

  // A file over the size cap is refused before it is sent, with the cap as the reason (not "try again").
  await file.setInputFiles({
    name: 'enorme.json',
    mimeType: 'application/json',
    buffer: Buffer.from(`{"format":"cauce.flow","pad":"${'x'.repeat(2_100_000)}"}`),
  });
  await expect(page.getByText('El archivo pesa más de 2 MB.')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('node-cerrado').getByTestId('node-summary')).toHaveText(
    'Texto que vino en el archivo.',
  );
});
