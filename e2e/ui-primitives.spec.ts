import { type Browser, expect, type Page, test } from '@playwright/test';
import { seriousViolations, signIn } from './helpers';

// Vera's admin, so the flows made here never push Salud's demo flows off the first page of other specs.
async function veraAdmin(browser: Browser): Promise<Page> {
  // axe needs a page from its own context.
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, 'admin@vera.demo');
  return page;
}

/** Drafts made through the API the app itself calls (tRPC), faster than twelve trips through the dialog. */
async function createFlows(page: Page, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const res = await page.request.post('/api/trpc/flows.create', {
      data: { json: { name, kind: 'inbound_voice' } },
    });
    expect(res.ok()).toBe(true);
    ids.push((await res.json()).result.data.json.id);
  }
  return ids;
}

test('a designer sorts the flows by a header and pages through them, with the mouse and the keyboard', async ({
  browser,
}) => {
  const page = await veraAdmin(browser);
  const prefix = `Paginar ${Date.now()}`;
  await createFlows(
    page,
    Array.from({ length: 12 }, (_, i) => `${prefix} ${i + 1}`),
  );
  await page.goto(`/flows?q=${encodeURIComponent(prefix)}`);
  const table = page.getByRole('table', { name: 'Flujos' });
  const rows = table.locator('tbody tr');
  const name = table.getByRole('columnheader', { name: 'Nombre' });
  const row = (n: number) => `flow-row-${prefix} ${n}`;

  // By name, as Spanish reads numbers: 2 before 10.
  await expect(name).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows).toHaveCount(12);
  await expect(rows.nth(1)).toHaveAttribute('data-testid', row(2));
  await expect(rows.nth(11)).toHaveAttribute('data-testid', row(12));
  await expect(page.getByTestId('table-range')).toHaveText('1–12 de 12');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('Filas por página').selectOption('10');
  await expect(page.getByTestId('table-range')).toHaveText('1–10 de 12');
  await expect(rows).toHaveCount(10);
  const pages = page.getByRole('navigation', { name: 'Páginas' });
  await expect(pages.getByRole('button', { name: 'Anterior' })).toBeDisabled();
  await pages.getByRole('link', { name: 'Siguiente' }).click();
  await expect(page.getByTestId('table-range')).toHaveText('11–12 de 12');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-testid', row(11));
  await expect(pages.getByRole('button', { name: 'Siguiente' })).toBeDisabled();

  // Enter on the header flips the order and starts again at page one, the filter and page size kept.
  await name.getByRole('link', { name: 'Nombre' }).focus();
  await page.keyboard.press('Enter');
  await expect(name).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByTestId('table-range')).toHaveText('1–10 de 12');
  await expect(rows.nth(0)).toHaveAttribute('data-testid', row(12));
  expect(new URL(page.url()).searchParams.get('q')).toBe(prefix);

  // Another column takes over aria-sort, newest first for a date.
  const updated = table.getByRole('columnheader', { name: 'Último cambio' });
  await updated.getByRole('link').click();
  await expect(updated).toHaveAttribute('aria-sort', 'descending');
  await expect(name).not.toHaveAttribute('aria-sort');
  await expect(rows.nth(0)).toHaveAttribute('data-testid', row(12));
  await page.context().close();
});

test('a sortable list held in the browser sorts by keyboard', async ({ browser }) => {
  const page = await veraAdmin(browser);
  await page.goto('/settings/members');
  const table = page.getByRole('table', { name: 'Usuarios y roles' });
  const name = table.getByRole('columnheader', { name: 'Nombre' });
  const names = () => table.locator('tbody tr td:first-child').allTextContents();
  await expect(name).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(names).toEqual(['Carlos Coordinador', 'Valeria Vera']);
  await name.getByRole('button', { name: 'Nombre' }).focus();
  await page.keyboard.press('Enter');
  await expect(name).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(names).toEqual(['Valeria Vera', 'Carlos Coordinador']);
  await page.keyboard.press('Space');
  await expect(name).toHaveAttribute('aria-sort', 'ascending');
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});

test('the pages built on Table have no serious accessibility violations', async ({ browser }) => {
  // Six scans on a busy machine; one sign-in for all of them, as sign-ins are limited to 40 a minute
  // per address and the whole suite shares one.
  test.setTimeout(180_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  // Salud's admin reads the demo's own rows; nothing here changes them.
  await signIn(page, 'admin@salud.demo');
  for (const path of [
    '/queues',
    '/executions',
    '/outbox',
    '/settings/audit',
    '/settings/api-keys',
    '/settings/telephony',
  ]) {
    await page.goto(path);
    await expect(page.getByRole('table')).toBeVisible();
    expect(await seriousViolations(page), path).toEqual([]);
  }
  await context.close();
});

test('a dialog takes the focus, closes with Esc or its close button, and gives the focus back', async ({
  browser,
}) => {
  const page = await veraAdmin(browser);
  await page.goto('/flows');
  const opener = page.getByRole('button', { name: 'Nuevo flujo' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Nuevo flujo' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Nombre')).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  await opener.press('Enter');
  await expect(dialog.getByLabel('Nombre')).toBeFocused();
  await dialog.getByRole('button', { name: 'Cerrar' }).click();
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  await page.context().close();
});

test('the editor’s panels are tabs: one tab stop, arrows move and select, Home and End jump', async ({
  browser,
}) => {
  const page = await veraAdmin(browser);
  const [flowId] = await createFlows(page, [`Pestañas ${Date.now()}`]);
  await page.goto(`/flows/${flowId}`);
  const tablist = page.getByRole('tablist', { name: 'Paneles' });
  const tab = (name: string | RegExp) => tablist.getByRole('tab', { name });
  await expect(tab('Propiedades')).toHaveAttribute('aria-selected', 'true');
  await expect(tablist.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);

  await tab('Propiedades').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tab(/Problemas/)).toBeFocused();
  await expect(tab(/Problemas/)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: /Problemas/ })).toBeVisible();
  await expect(tab(/Problemas/)).toHaveAttribute('tabindex', '0');
  await expect(tab('Propiedades')).toHaveAttribute('tabindex', '-1');

  await page.keyboard.press('End');
  await expect(tab('Escenarios')).toBeFocused();
  await expect(tab('Escenarios')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(tab('Propiedades')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(tab('Escenarios')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(tab('Propiedades')).toBeFocused();
  await expect(page.getByRole('tabpanel', { name: 'Propiedades' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.context().close();
});
