import { expect, type Locator, type Page, test } from '@playwright/test';
import { signIn } from './helpers';

/** A node's layout size and its handles' centres in the node's own (unzoomed) pixels. */
function geometry(node: Locator) {
  return node.evaluate((el) => {
    if (!(el instanceof HTMLElement)) throw new Error('not an element');
    const box = el.getBoundingClientRect();
    const scale = box.width / el.offsetWidth;
    return {
      width: el.offsetWidth,
      height: el.offsetHeight,
      handles: [...el.querySelectorAll('.source, .target')].map((h) => {
        const r = h.getBoundingClientRect();
        return [(r.x + r.width / 2 - box.x) / scale, (r.y + r.height / 2 - box.y) / scale];
      }),
    };
  });
}

async function wheelUntil(page: Page, deltaY: number, done: () => Promise<boolean>) {
  const pane = await page.getByTestId('canvas').boundingBox();
  if (!pane) throw new Error('no canvas');
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  for (let i = 0; i < 12 && !(await done()); i++) {
    await page.mouse.wheel(0, deltaY);
    await page.waitForTimeout(100);
  }
}

test('zoomed out, nodes become coloured boxes with their title, at the same size and handle positions', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, 'disenio@salud.demo');
  const resources = page.waitForResponse((r) => r.url().includes('flows.resources') && r.ok());
  await page.goto('/flows');
  await resources;
  await page.getByRole('button', { name: 'Nuevo flujo' }).click();
  await page.getByRole('dialog').getByLabel('Nombre').fill(`Zoom ${Date.now()}`);
  await page.getByRole('radio', { name: /IVR con menú de opciones/ }).check();
  await page.getByRole('button', { name: 'Crear flujo' }).click();

  const menu = page.getByTestId('node-menu');
  const wrapper = page.locator('.react-flow__node[data-id="menu"]');
  await expect(menu.getByTestId('node-summary')).toBeVisible();
  await expect(menu).not.toHaveAttribute('data-compact');
  const detailed = await geometry(wrapper);
  expect(detailed.handles).toHaveLength(6); // the input and the menu's five outputs

  await wheelUntil(page, 250, async () => (await menu.getAttribute('data-compact')) !== null);
  await expect(menu).toHaveAttribute('data-compact', '');
  // Far away a node shows its name (here the default made of the menu's prompt), not its kind's title.
  await expect(menu).toContainText('Para información, marcá 1…');
  await expect(menu.getByTestId('node-summary')).toHaveCount(0);
  await expect(page.getByText('Sin respuesta')).toHaveCount(0); // no port labels
  const compact = await geometry(wrapper);
  // Same box and the same handle positions: the edges do not move and nothing is measured again.
  expect([compact.width, compact.height]).toEqual([detailed.width, detailed.height]);
  compact.handles.forEach(([x, y], i) => {
    expect(Math.abs((x ?? 0) - (detailed.handles[i]?.[0] ?? 0))).toBeLessThanOrEqual(1);
    expect(Math.abs((y ?? 0) - (detailed.handles[i]?.[1] ?? 0))).toBeLessThanOrEqual(1);
  });
  await expect(page.locator('.react-flow__edge')).toHaveCount(13);

  await wheelUntil(page, -250, async () => (await menu.getAttribute('data-compact')) === null);
  await expect(menu.getByTestId('node-summary')).toBeVisible();
  await context.close();
});
