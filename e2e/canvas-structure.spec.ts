import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';
import { signIn } from './helpers';

/** A designer's page in its own context, wide enough for the whole IVR template. */
async function designerPage(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, 'disenio@salud.demo');
  return { context, page };
}

/** Creates a flow from the list (blank or from a template) and waits for its editor. */
async function createFlow(page: Page, name: string, template?: RegExp) {
  const resources = page.waitForResponse((r) => r.url().includes('flows.resources') && r.ok());
  await page.goto('/flows');
  await resources;
  await page.getByRole('button', { name: 'Nuevo flujo' }).click();
  await page.getByRole('dialog').getByLabel('Nombre').fill(name);
  if (template) await page.getByRole('radio', { name: template }).check();
  await page.getByRole('button', { name: 'Crear flujo' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
}

async function addTrigger(page: Page) {
  await page
    .getByTestId('palette-trigger_incoming_call')
    .dragTo(page.getByTestId('canvas'), { targetPosition: { x: 200, y: 80 } });
  await expect(page.getByTestId('node-incoming_call_1')).toBeVisible();
}

async function selectNode(page: Page, id: string) {
  await page.getByTestId(`node-${id}`).click({ position: { x: 20, y: 14 } });
  await expect(page.locator(`.react-flow__node[data-id="${id}"]`)).toHaveClass(/selected/);
}

async function boxOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return box;
}

const overlap = (
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('a designer names a node and sees that name on the canvas, in the checklist and in toasts', async ({
  browser,
}) => {
  const { context, page } = await designerPage(browser);
  await createFlow(page, `Nombres ${Date.now()}`);
  await addTrigger(page);
  await page.getByTestId('palette-say').click();
  const say = page.getByTestId('node-say_1');
  await expect(say).toBeVisible();

  // An empty Say is named by its kind until it says something; then by its first words.
  const name = page.getByLabel('Nombre del nodo');
  await expect(name).toHaveValue('');
  await expect(name).toHaveAttribute('placeholder', 'Decir');
  await page.getByLabel('Texto', { exact: true }).fill('Hola, gracias por llamar al Ministerio de Salud.');
  await expect(name).toHaveAttribute('placeholder', 'Hola, gracias por llamar al…');
  await page.getByLabel('Texto', { exact: true }).fill('');
  await name.fill('Saludo inicial');
  await expect(say).toContainText('Saludo inicial');

  // The checklist names the node as the designer did, not by its id.
  await page.getByRole('tab', { name: /Problemas/ }).click();
  await expect(
    page.getByTestId('checklist').getByTestId('problem-node').filter({ hasText: 'Saludo inicial' }).first(),
  ).toBeVisible();
  await expect(page.getByTestId('checklist')).not.toContainText('say_1');

  // A rename is an undo step like any other.
  await page
    .getByTestId('canvas')
    .locator('.react-flow__pane')
    .click({ position: { x: 30, y: 30 } });
  await page.keyboard.press('Control+z');
  await expect(say).not.toContainText('Saludo inicial');
  await page.keyboard.press('Control+Shift+z');
  await expect(say).toContainText('Saludo inicial');

  // The toast of «Conectar…» says which nodes it joined, by name.
  await page.getByTestId('palette-hang_up').dragTo(page.getByTestId('canvas'), {
    targetPosition: { x: 700, y: 500 },
  });
  await expect(page.getByTestId('node-hang_up_1')).toBeVisible();
  await selectNode(page, 'say_1');
  await page.keyboard.press('Alt+c');
  const dialog = page.getByRole('dialog', { name: 'Conectar «Saludo inicial»' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Nodo de destino' }).fill('cortar');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Conectaste «Saludo inicial» (Siguiente) con «Cortar».')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  // Saved with the graph: a reload keeps the name.
  await page.reload();
  await expect(page.getByTestId('node-say_1')).toContainText('Saludo inicial');
  await context.close();
});

test('a node added after one that already has a child lands in free space beside it', async ({ browser }) => {
  const { context, page } = await designerPage(browser);
  await createFlow(page, `Lugar libre ${Date.now()}`);
  await addTrigger(page);
  await page.getByTestId('palette-say').click();
  await expect(page.getByTestId('node-say_1')).toBeVisible();
  // The trigger already leads to «Decir»: add «Cortar» after it too.
  await selectNode(page, 'incoming_call_1');
  await page.getByTestId('palette-hang_up').click();
  await expect(page.getByTestId('node-hang_up_1')).toBeVisible();
  const nodes = ['incoming_call_1', 'say_1', 'hang_up_1'];
  const boxes = await Promise.all(nodes.map((id) => boxOf(page.getByTestId(`node-${id}`))));
  const [trigger, say, hangUp] = boxes;
  if (!trigger || !say || !hangUp) throw new Error('missing node');
  expect(overlap(hangUp, say)).toBe(false);
  expect(overlap(hangUp, trigger)).toBe(false);
  // Beside the first child, on its row.
  expect(Math.abs(hangUp.y - say.y)).toBeLessThan(2);
  await context.close();
});

test('switching a menu to "ask for data" disconnects its options with a toast, undo brings them back, and new ports connect', async ({
  browser,
}) => {
  const { context, page } = await designerPage(browser);
  await createFlow(page, `Modo ${Date.now()}`);
  await addTrigger(page);
  await page.getByTestId('palette-gather').click();
  await expect(page.getByTestId('node-gather_1')).toBeVisible();
  await page.getByLabel('Mensaje', { exact: true }).fill('Marcá 1 para turnos.');
  // «Cortar» after the menu takes its option 1; «Decir» after it takes «Sin respuesta».
  await page.getByTestId('palette-hang_up').click();
  await selectNode(page, 'gather_1');
  await page.getByTestId('palette-say').click();
  const edge = (id: string) => page.locator(`.react-flow__edge[data-id="${id}"]`);
  await expect(edge('e_gather_1_opt_1')).toHaveCount(1);
  await expect(edge('e_gather_1_no_input')).toHaveCount(1);

  await selectNode(page, 'gather_1');
  const mode = page.getByLabel('Modo', { exact: true });
  await mode.selectOption('collect');
  const toast = page.getByText(
    '«Marcá 1 para turnos» cambió sus salidas: se desconectó 1 · Opción 1 → «Cortar».',
  );
  await expect(toast).toBeVisible();
  await expect(edge('e_gather_1_opt_1')).toHaveCount(0);
  // The port that stays keeps its connection, drawn.
  await expect(edge('e_gather_1_no_input')).toHaveCount(1);
  await expect(page.getByTestId('handle-gather_1-collected')).toBeVisible();

  // The toast's «Deshacer» puts the menu and its connection back in one step.
  await page.locator('[data-sonner-toast]').getByRole('button', { name: 'Deshacer', exact: true }).click();
  await expect(mode).toHaveValue('menu');
  await expect(edge('e_gather_1_opt_1')).toHaveCount(1);

  // Switched again, the new «Dato recibido» port connects and its edge is drawn at once.
  await mode.selectOption('collect');
  await expect(edge('e_gather_1_opt_1')).toHaveCount(0);
  await selectNode(page, 'gather_1');
  await page.keyboard.press('Alt+c');
  const dialog = page.getByRole('dialog', { name: /Conectar/ });
  await expect(dialog.getByLabel('Salida')).toHaveValue('collected');
  await dialog.getByRole('combobox', { name: 'Nodo de destino' }).fill('cortar');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(edge('e_gather_1_collected')).toHaveCount(1);
  await expect(edge('e_gather_1_collected').locator('path.react-flow__edge-path')).toBeVisible();

  // Another node's settings start at the top of the panel, not where the last node's were scrolled to.
  await selectNode(page, 'gather_1');
  await page.getByTestId('palette-gather').click();
  await expect(page.getByTestId('node-gather_2')).toBeVisible();
  const panel = page.getByRole('tabpanel');
  await selectNode(page, 'gather_1');
  const scrolled = await panel.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
    return el.scrollTop;
  });
  expect(scrolled).toBeGreaterThan(100);
  await selectNode(page, 'gather_2');
  await expect(page.getByLabel('Mensaje', { exact: true })).toHaveValue('');
  await expect.poll(() => panel.evaluate((el) => el.scrollTop)).toBe(0);
  await context.close();
});

test('a menu’s repeat loop is drawn round the node and re-pointed by dragging its arrow end', async ({
  browser,
}) => {
  const { context, page } = await designerPage(browser);
  await createFlow(page, `Bucle ${Date.now()}`, /IVR con menú de opciones/);
  const loop = page.locator('.react-flow__edge[data-id="menu-opt_9"]');
  const path = loop.locator('path.react-flow__edge-path');
  await expect(path).toHaveClass(/flow-edge-loop/);
  // Seen outside the node (above it), not hidden behind it.
  const menu = await boxOf(page.getByTestId('node-menu'));
  const drawn = await boxOf(path);
  expect(drawn.y).toBeLessThan(menu.y - 10);
  expect(drawn.x).toBeLessThan(menu.x);
  expect(drawn.x + drawn.width).toBeGreaterThan(menu.x + menu.width);

  // Drag the arrow end (at the menu's input) onto «Bienvenida»'s input.
  const anchor = await boxOf(loop.locator('.react-flow__edgeupdater-target'));
  const target = await boxOf(page.getByTestId('node-bienvenida').locator('.react-flow__handle.target'));
  await page.mouse.move(anchor.x + anchor.width / 2, anchor.y + anchor.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 15 });
  await page.mouse.up();
  await expect(loop).toHaveAttribute('aria-label', /\(9 · Repetir\) a «Bienvenida y bienvenido…»$/);
  await expect(page.locator('.react-flow__edge[data-id="menu-opt_9"]')).toHaveCount(1);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  // «Conectar…» re-points a connected port too, back to the menu itself.
  await selectNode(page, 'menu');
  await page.keyboard.press('Alt+c');
  const dialog = page.getByRole('dialog', { name: /Conectar/ });
  await dialog.getByLabel('Salida').selectOption('opt_9');
  await dialog.getByRole('combobox', { name: 'Nodo de destino' }).fill('para informacion');
  await page.keyboard.press('Enter');
  await expect(
    page.getByText('Ahora «Para información, marcá 1…» (9 · Repetir) va a «Para información, marcá 1…».'),
  ).toBeVisible();
  await expect(path).toHaveClass(/flow-edge-loop/);
  await context.close();
});
