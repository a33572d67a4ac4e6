import { type Browser, expect, type Page, test } from '@playwright/test';
import { seriousViolations, signIn } from './helpers';
import { problemText } from './problems';

/** A designer's page in its own context (axe needs one), clipboard allowed as a user would. */
async function designerPage(browser: Browser) {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 1000 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
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

/** React Flow's own position and size of a canvas element (independent of pan and zoom). */
async function box(page: Page, id: string) {
  return page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((el) => {
    const m = (el instanceof HTMLElement ? el.style.transform : '').match(
      /translate\((-?[\d.]+)px,\s*(-?[\d.]+)px\)/,
    );
    const style = el instanceof HTMLElement ? el.style : null;
    return {
      x: Number(m?.[1]),
      y: Number(m?.[2]),
      width: Number.parseFloat(style?.width ?? ''),
      height: Number.parseFloat(style?.height ?? ''),
    };
  });
}

async function drag(page: Page, from: { x: number; y: number }, by: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + by.x, from.y + by.y, { steps: 12 });
  await page.mouse.up();
}

test('a designer adds a sticky note, writes in it, colours, moves and resizes it, and it is saved', async ({
  browser,
}) => {
  const { context, page } = await designerPage(browser);
  await createFlow(page, `Notas ${Date.now()}`);
  await page.getByRole('toolbar', { name: 'Herramientas' }).getByRole('button', { name: 'Nota' }).click();
  const note = page.getByTestId('note-nota_1');
  await expect(note).toBeVisible();
  const text = note.getByLabel('Texto de la nota');
  await text.click();
  await page.keyboard.type('Pedir a Prensa el texto de bienvenida');
  await note.getByRole('button', { name: 'Color celeste' }).click();
  await expect(note).toHaveAttribute('data-color', 'blue');
  await expect(note.getByRole('button', { name: 'Color celeste' })).toHaveAttribute('aria-pressed', 'true');
  expect(await seriousViolations(page)).toEqual([]);

  // Move it by its header, then resize it from the bottom-right corner: one undo step each.
  const start = await box(page, 'nota_1');
  const header = await note.getByText('Nota', { exact: true }).boundingBox();
  if (!header) throw new Error('note header not on screen');
  await drag(page, { x: header.x + 5, y: header.y + header.height / 2 }, { x: 120, y: 80 });
  await expect.poll(async () => (await box(page, 'nota_1')).x).toBeGreaterThan(start.x + 50);
  const corner = await page
    .locator('.react-flow__node[data-id="nota_1"] .react-flow__resize-control.handle.bottom.right')
    .boundingBox();
  if (!corner) throw new Error('resize handle not on screen');
  await drag(page, { x: corner.x + corner.width / 2, y: corner.y + corner.height / 2 }, { x: 90, y: 60 });
  await expect.poll(async () => (await box(page, 'nota_1')).width).toBeGreaterThan(start.width + 40);
  const resized = await box(page, 'nota_1');
  await page
    .getByTestId('canvas')
    .locator('.react-flow__pane')
    .click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await box(page, 'nota_1')).width).toBe(start.width);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await box(page, 'nota_1')).width).toBe(resized.width);

  // Autosave keeps text, colour, place and size.
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await page.reload();
  await expect(page.getByTestId('note-nota_1').getByLabel('Texto de la nota')).toHaveValue(
    'Pedir a Prensa el texto de bienvenida',
  );
  await expect(page.getByTestId('note-nota_1')).toHaveAttribute('data-color', 'blue');
  const reloaded = await box(page, 'nota_1');
  expect([reloaded.x, reloaded.y, reloaded.width, reloaded.height]).toEqual([
    Math.round(resized.x),
    Math.round(resized.y),
    Math.round(resized.width),
    Math.round(resized.height),
  ]);

  // The compiler never sees it: a flow with only a note is still «empty».
  await page.getByRole('tab', { name: /Problemas/ }).click();
  await expect(page.getByTestId('checklist')).toContainText(problemText('codes', 'EMPTY_FLOW'));

  // Delete it from its own toolbar; undo brings it back.
  await page.getByTestId('note-nota_1').click({ position: { x: 10, y: 10 } });
  await page.getByTestId('note-nota_1').getByRole('button', { name: 'Eliminar la nota' }).click();
  await expect(page.getByTestId('note-nota_1')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('note-nota_1')).toBeVisible();
  await context.close();
});

test('a designer copies nodes from one flow and pastes them into another; a foreign clipboard is refused', async ({
  browser,
}) => {
  const { context, page } = await designerPage(browser);
  await createFlow(page, `Origen ${Date.now()}`, /IVR con menú de opciones/);
  // Summaries name the schedule instead of showing its id.
  await expect(page.getByTestId('node-horario').getByTestId('node-summary')).toHaveText(
    'Horario: Lunes a viernes de 8 a 18',
  );
  await page.getByTestId('node-bienvenida').click();
  await page.getByTestId('node-horario').click({ modifiers: ['Control'] });
  await page
    .getByTestId('canvas')
    .locator('.react-flow__pane')
    .hover({ position: { x: 30, y: 30 } });
  await page.keyboard.press('Control+c');
  await expect(page.getByText('Copiaste 2 elementos')).toBeVisible();

  const other = await context.newPage();
  await other.bringToFront();
  await createFlow(other, `Destino ${Date.now()}`);
  // The target flow already has its own trigger (the canvas has fitted its first node in view).
  await other
    .getByTestId('palette-trigger_incoming_call')
    .dragTo(other.getByTestId('canvas'), { targetPosition: { x: 150, y: 80 } });
  await expect(other.getByTestId('node-incoming_call_1')).toBeVisible();
  const pane = other.getByTestId('canvas').locator('.react-flow__pane');
  // A paste never lands on an existing node (it moves to free space), so point at a free spot: right of
  // the trigger the canvas centred.
  const trigger = await other.getByTestId('node-incoming_call_1').boundingBox();
  const paneAt = await pane.boundingBox();
  if (!trigger || !paneAt) throw new Error('not on screen');
  const spot = {
    x: Math.round(trigger.x + trigger.width + 60 - paneAt.x),
    y: Math.round(trigger.y - paneAt.y),
  };
  await pane.click({ position: spot });
  await other.keyboard.press('Control+v');
  await expect(other.getByText('Pegaste 2 elementos')).toBeVisible();
  const say = other.getByTestId('node-say_1');
  const hours = other.getByTestId('node-business_hours_1');
  await expect(say.getByTestId('node-summary')).toHaveText(
    'Bienvenida y bienvenido. Esta llamada puede ser grabada.',
  );
  await expect(hours.getByTestId('node-summary')).toHaveText('Horario: Lunes a viernes de 8 a 18');
  // The edge between the two copied nodes came along; the ones to nodes left behind did not.
  await expect(other.locator('.react-flow__edge')).toHaveCount(1);
  await expect(other.locator('.react-flow__node.selected')).toHaveCount(2);
  // Placed where the pointer was: the top-left node sits at the click.
  const placed = await other.getByTestId('node-say_1').boundingBox();
  const paneBox = await pane.boundingBox();
  if (!placed || !paneBox) throw new Error('not on screen');
  expect(Math.abs(placed.x - (paneBox.x + spot.x))).toBeLessThan(30);
  expect(Math.abs(placed.y - (paneBox.y + spot.y))).toBeLessThan(30);

  // One undo step takes the whole paste away; redo brings it back, and autosave keeps it.
  await other.keyboard.press('Control+z');
  await expect(say).toHaveCount(0);
  await expect(hours).toHaveCount(0);
  await other.keyboard.press('Control+Shift+z');
  await expect(say).toBeVisible();
  await expect(other.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  // Ctrl+X takes a node (and its connection) out; Ctrl+V puts it back, alone.
  await pane.click({ position: { x: 600, y: 100 } });
  await say.click();
  await other.keyboard.press('Control+x');
  await expect(other.getByText('Cortaste 1 elemento.')).toBeVisible();
  await expect(say).toHaveCount(0);
  await expect(other.locator('.react-flow__edge')).toHaveCount(0);
  await pane.click({ position: { x: 300, y: 500 } });
  await other.keyboard.press('Control+v');
  await expect(say).toBeVisible();
  await expect(other.locator('.react-flow__edge')).toHaveCount(0);

  // Something else on the clipboard (text copied from another app) is refused with a message.
  await other.evaluate(() => navigator.clipboard.writeText('{"__proto__": {"x": 1}, "nodes": "nope"}'));
  await pane.click({ position: { x: 500, y: 400 } });
  await other.keyboard.press('Control+v');
  await expect(
    other.getByText('Lo que hay en el portapapeles no son nodos de Cauce: no se pegó nada.'),
  ).toBeVisible();
  await expect(other.locator('.react-flow__node')).toHaveCount(3);
  await other.reload();
  await expect(other.getByTestId('node-business_hours_1')).toBeVisible();
  await context.close();
});

test('a designer connects two nodes and deletes the connection using only the keyboard', async ({
  browser,
}) => {
  const { context, page } = await designerPage(browser);
  await createFlow(page, `Teclado ${Date.now()}`);
  const canvas = page.getByTestId('canvas');
  await page
    .getByTestId('palette-trigger_incoming_call')
    .dragTo(canvas, { targetPosition: { x: 200, y: 100 } });
  await page.getByTestId('palette-hang_up').dragTo(canvas, { targetPosition: { x: 500, y: 400 } });
  await expect(page.getByTestId('node-hang_up_1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);

  // Ctrl+K finds the trigger, Alt+C opens «Conectar…», typing finds the target, Enter connects.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('llamada entrante');
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node[data-id="incoming_call_1"]')).toHaveClass(/selected/);
  await page.keyboard.press('Alt+c');
  const dialog = page.getByRole('dialog', { name: 'Conectar «Llamada entrante»' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: 'Nodo de destino' })).toBeFocused();
  await expect(dialog.getByLabel('Salida')).toHaveValue('next');
  // The trigger cannot be a target, so the only candidate is «Cortar».
  await expect(
    dialog.getByRole('listbox', { name: 'Nodos que pueden recibir la conexión' }).getByRole('option'),
  ).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.type('cortar');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Conectaste «Llamada entrante» (Siguiente) con «Cortar».')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  // With its only output taken, the dialog says so instead of offering a second connection.
  await page.keyboard.press('Alt+c');
  await expect(dialog.getByText('Todas las salidas de este nodo ya están conectadas.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The connection is reachable as a named element: Enter selects it, Delete removes it.
  const edge = page.getByRole('group', { name: 'Conexión de «Llamada entrante» (Siguiente) a «Cortar»' });
  await edge.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('edge-inspector')).toContainText(
    'De «Llamada entrante», salida «Siguiente», a «Cortar».',
  );
  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await context.close();
});

test('a designer edits a split node’s conditions as rows and the canvas follows', async ({ browser }) => {
  const { context, page } = await designerPage(browser);
  await createFlow(page, `Condiciones ${Date.now()}`);
  await page.getByTestId('palette-split').click();
  const inspector = page.getByTestId('split-inspector');
  await expect(inspector).toBeVisible();

  const first = inspector.getByRole('group', { name: 'Caso 1' });
  await first.getByLabel('Nombre de la salida').fill('Urgente');
  const variable = first.getByLabel('Variable de la condición 1');
  // A new split starts on a variable every flow has (its defaults never start in error).
  await expect(variable).toHaveValue('execution.channel');
  // Autocomplete offers the variables defined on every path to the node (here, with no trigger before it, the execution's own).
  const listId = await variable.getAttribute('list');
  expect(
    await page
      .locator(`datalist[id="${listId}"] option`)
      .evaluateAll((o) => o.map((e) => e.getAttribute('value'))),
  ).toContain('execution.id');
  await variable.fill('contact.phone');
  await first.getByLabel('Operador de la condición 1').selectOption({ label: 'contiene' });
  await first.getByLabel('Valor de la condición 1').fill('+549342');
  await first.getByRole('button', { name: 'Agregar una condición' }).click();
  await first.getByLabel('Variable de la condición 2').fill('contact.first_name');
  await first.getByLabel('Operador de la condición 2').selectOption({ label: 'está vacío' });
  await expect(first.getByLabel('Valor de la condición 2')).toHaveCount(0);
  await first.getByLabel('Se cumple cuando').selectOption({ label: 'se cumple alguna condición' });

  // A second case with its condition left empty: the checklist error shows on that row.
  await inspector.getByRole('button', { name: 'Agregar un caso' }).click();
  const second = inspector.getByRole('group', { name: 'Caso 2' });
  await expect(second.getByLabel('Nombre de la salida')).toHaveValue('Caso 2');
  await expect(second.getByText(problemText('config', 'required'))).toBeVisible();
  await second.getByLabel('Variable de la condición 1').fill('contact.first_name');
  await second.getByLabel('Valor de la condición 1').fill('Ana');
  await expect(second.getByText(problemText('config', 'required'))).toHaveCount(0);

  // The node's outputs follow the cases, in order; moving a case down moves its output.
  const node = page.getByTestId('node-split_1');
  await expect(node.getByTestId('node-summary')).toHaveText('Urgente · Caso 2');
  await inspector.getByRole('button', { name: 'Bajar el caso 1' }).click();
  await expect(node.getByTestId('node-summary')).toHaveText('Caso 2 · Urgente');
  expect(await seriousViolations(page)).toEqual([]);

  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await page.reload();
  await page.getByTestId('node-split_1').click();
  const urgent = page.getByTestId('split-inspector').getByRole('group', { name: 'Caso 2' });
  await expect(urgent.getByLabel('Nombre de la salida')).toHaveValue('Urgente');
  await expect(urgent.getByLabel('Operador de la condición 1')).toHaveValue('contains');
  await expect(urgent.getByLabel('Valor de la condición 1')).toHaveValue('+549342');
  await expect(urgent.getByLabel('Operador de la condición 2')).toHaveValue('is_empty');
  await expect(urgent.getByLabel('Se cumple cuando')).toHaveValue('any');
  await context.close();
});
