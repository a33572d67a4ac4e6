import { expect, type Page, test } from '@playwright/test';
import { signIn } from './helpers';

/** The new-flow dialog fills the template's queue and schedule from flows.resources: wait for it. */
async function openFlowList(page: Page) {
  const resources = page.waitForResponse((r) => r.url().includes('flows.resources') && r.ok());
  await page.goto('/flows');
  await resources;
}

/** Clicks a node on its title, away from its handles. */
async function selectNode(page: Page, id: string) {
  await page.getByTestId(`node-${id}`).click({ position: { x: 60, y: 14 } });
  await expect(page.locator(`.react-flow__node[data-id="${id}"]`)).toHaveClass(/selected/);
}

async function publish(page: Page, note: string, version: number) {
  await page.getByRole('tab', { name: /Problemas/ }).click();
  await expect(page.getByTestId('checklist-empty')).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await page.getByRole('button', { name: 'Publicar' }).click();
  await page.getByLabel('Nota de la versión (qué cambió)').fill(note);
  await page.getByRole('button', { name: 'Publicar versión' }).click();
  await expect(page.getByText(`Publicaste la versión ${version}.`)).toBeVisible();
}

test('a designer publishes twice, compares the two versions on the canvas, and rolls back to the first', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await signIn(page, 'disenio@salud.demo');
  await openFlowList(page);
  await page.getByRole('button', { name: 'Nuevo flujo' }).click();
  await page.getByRole('dialog').getByLabel('Nombre').fill(`Dos versiones ${Date.now()}`);
  await page.getByRole('radio', { name: /IVR con menú de opciones/ }).check();
  await page.getByRole('button', { name: 'Crear flujo' }).click();
  await expect(page.getByTestId('node-menu')).toBeVisible();
  await publish(page, 'Versión del modelo', 1);
  // No number is bound to the new flow yet: publishing says so, with the way to Telefonía.
  await expect(page.getByText('Nadie puede llegar a este flujo todavía', { exact: false })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Asociá un número en Telefonía' })).toHaveAttribute(
    'href',
    '/settings/telephony',
  );
  // Nothing changed since version 1: nothing to publish, and the button says why.
  await expect(page.getByTestId('publish-up-to-date')).toHaveText('Sin cambios desde la versión 1.');
  await expect(page.getByRole('button', { name: 'Publicar' })).toBeDisabled();

  // Version 2: a new closing text, «Información» replaced by hanging up straight from the menu's option 1.
  const closedText = 'En este momento estamos fuera del horario de atención.';
  await selectNode(page, 'cerrado');
  await page.getByRole('tab', { name: 'Propiedades' }).click();
  await page.getByLabel('Texto', { exact: true }).fill('Atendemos de lunes a viernes de 8 a 20.');
  await selectNode(page, 'informacion');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-informacion')).toHaveCount(0);
  await selectNode(page, 'menu');
  await page.getByTestId('palette-hang_up').click();
  await expect(page.getByTestId('node-hang_up_1')).toBeVisible();
  await publish(page, 'Sin el mensaje de información', 2);

  // Compare version 1 with version 2 (not the draft): version 2 is drawn read-only with the marks.
  await page.getByRole('tab', { name: 'Versiones' }).click();
  const form = page.getByRole('form', { name: 'Comparar dos versiones' });
  await form.getByLabel('Versión base').selectOption('1');
  await form.getByLabel('Comparar con').selectOption('2');
  await form.getByRole('button', { name: 'Comparar' }).click();
  const legend = page.getByTestId('diff-legend');
  await expect(legend).toContainText('Versión 1 → versión 2');
  await expect(legend.getByTestId('diff-count-added')).toHaveText('Nuevo: 1');
  await expect(legend.getByTestId('diff-count-changed')).toHaveText('Cambiado: 1');
  await expect(legend.getByTestId('diff-count-removed')).toHaveText('Eliminado: 1');
  await expect(page.getByTestId('node-hang_up_1')).toHaveAttribute('data-diff', 'added');
  await expect(page.getByTestId('node-cerrado')).toHaveAttribute('data-diff', 'changed');
  await expect(page.getByTestId('node-informacion')).toHaveAttribute('data-diff', 'removed');
  await expect(page.getByTestId('node-menu')).not.toHaveAttribute('data-diff', /./);
  // Nothing edits the hidden draft meanwhile: no palette, no undo.
  await expect(page.getByTestId('palette-hang_up')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Deshacer/ })).toBeDisabled();
  // The other way round, version 2 → version 1: what version 2 removed comes back as added.
  await form.getByLabel('Versión base').selectOption('2');
  await form.getByLabel('Comparar con').selectOption('1');
  await form.getByRole('button', { name: 'Comparar' }).click();
  await expect(legend).toContainText('Versión 2 → versión 1');
  await expect(page.getByTestId('node-informacion')).toHaveAttribute('data-diff', 'added');
  await expect(page.getByTestId('node-hang_up_1')).toHaveAttribute('data-diff', 'removed');
  await legend.getByRole('button', { name: 'Salir de la comparación' }).click();
  await expect(legend).toBeHidden();
  await expect(page.getByTestId('palette-hang_up')).toBeVisible();
  await expect(page.getByTestId('node-informacion')).toHaveCount(0);

  // Roll back to version 1: republished as version 3, and the canvas is version 1 again.
  const versions = page.getByTestId('versions');
  await versions.getByTestId('version-1').getByRole('button', { name: 'Volver a la versión 1' }).click();
  await expect(page.getByText('Volviste a la versión 1')).toBeVisible();
  const v3 = versions.getByTestId('version-3');
  await expect(v3).toContainText('Versión 3');
  await expect(v3).toContainText('vigente');
  await expect(v3).toContainText('Restaura la versión 1');
  await expect(page.getByTestId('node-informacion')).toBeVisible();
  await expect(page.getByTestId('node-hang_up_1')).toHaveCount(0);
  await expect(page.getByTestId('node-cerrado').getByTestId('node-summary')).toHaveText(closedText);

  // The draft from before the rollback is one Ctrl+Z away; redo returns to version 1.
  await page
    .getByTestId('canvas')
    .locator('.react-flow__pane')
    .click({ position: { x: 30, y: 30 } });
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-hang_up_1')).toBeVisible();
  await expect(page.getByTestId('node-informacion')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('node-informacion')).toBeVisible();
  await expect(page.getByTestId('node-hang_up_1')).toHaveCount(0);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');

  // The server's draft is version 1 too.
  await page.reload();
  await expect(page.getByTestId('node-informacion')).toBeVisible();
  await expect(page.getByTestId('node-hang_up_1')).toHaveCount(0);
  await expect(page.getByTestId('node-cerrado').getByTestId('node-summary')).toHaveText(closedText);
  await context.close();
});
