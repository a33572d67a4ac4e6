import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { z } from 'zod';
import { nav, signIn } from './helpers';

test('an agent signs in and sees only what an agent may use', async ({ page }) => {
  await signIn(page, 'agente1@salud.demo');
  await expect(page.getByRole('heading', { name: 'Hola, Andrés Agente' })).toBeVisible();
  await expect(page.getByText('Estás trabajando en Ministerio de Salud.')).toBeVisible();
  await expect(page.getByTestId('home-roles')).toContainText('Operador/a');
  await expect(nav(page).getByRole('link', { name: 'Colas' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Usuarios y roles' })).toHaveCount(0);
  await expect(nav(page).getByRole('link', { name: 'Auditoría' })).toHaveCount(0);

  await page.goto('/settings/members');
  await expect(
    page.getByRole('alert').filter({ hasText: 'No tenés permiso para ver esta sección.' }),
  ).toBeVisible();

  await nav(page).getByRole('link', { name: 'Colas' }).click();
  await expect(page.getByRole('cell', { name: /Turnos de vacunación/ })).toBeVisible();
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Correo electrónico').fill('agente2@salud.demo');
  await page.getByLabel('Contraseña').fill('incorrecta');
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'El correo o la contraseña no son correctos.' }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('an admin gives a member a second role and finds it in the audit log', async ({ page }) => {
  await signIn(page, 'admin@salud.demo');
  await nav(page).getByRole('link', { name: 'Usuarios y roles' }).click();
  const row = page.getByTestId('member-campanias@salud.demo');
  await row.getByRole('checkbox', { name: 'Supervisión' }).check();
  await row.getByRole('button', { name: 'Guardar' }).click();
  await expect(page.getByText('Roles actualizados para Carla Campañas.')).toBeVisible();

  await nav(page).getByRole('link', { name: 'Auditoría' }).click();
  const table = page.getByTestId('audit-table');
  await expect(table.getByRole('row', { name: /Cambio de roles/ }).first()).toContainText('Ana Admin');
  await expect(table.getByRole('row', { name: /Inicio de sesión/ }).first()).toBeVisible();
});

test('a user of two organismos switches between them and the navigation follows the roles', async ({
  page,
}) => {
  await signIn(page, 'coordinacion@cauce.demo');
  await expect(page.getByText('Estás trabajando en Ministerio de Salud.')).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Usuarios y roles' })).toHaveCount(0);

  await page
    .getByRole('combobox', { name: 'Cambiar de organismo' })
    .selectOption({ label: 'Municipalidad de Vera' });
  await expect(page.getByText('Estás trabajando en Municipalidad de Vera.')).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Usuarios y roles' })).toBeVisible();
  await expect(page.getByTestId('home-roles')).toContainText('Administración');

  await page.reload();
  await expect(page.getByText('Estás trabajando en Municipalidad de Vera.')).toBeVisible();
});

test('the interface switches to English and back', async ({ page }) => {
  await signIn(page, 'supervisor@salud.demo');
  await page.getByRole('combobox', { name: 'Idioma' }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Hello, Sofía Supervisora' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Queues' }),
  ).toBeVisible();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('es-AR');
  await expect(page.getByRole('heading', { name: 'Hola, Sofía Supervisora' })).toBeVisible();
});

test('an unknown address answers 404 with a translated page and the way back', async ({ page }) => {
  const res = await page.goto('/no-existe');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'No encontramos esta página' })).toBeVisible();
  await signIn(page, 'disenio@salud.demo');
  expect((await page.goto('/citizens'))?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'No encontramos esta página' })).toBeVisible();
  await page.getByRole('link', { name: 'Ir al inicio' }).click();
  await expect(page.getByRole('heading', { name: /^Hola, / })).toBeVisible();
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, 'disenio@salud.demo');
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('the health page shows every part running', async ({ page, request }) => {
  await page.goto('/health');
  await expect(page.getByTestId('health-overall')).toHaveText('Funcionando');
  for (const key of ['postgres', 'migrations', 'temporal', 'worker']) {
    await expect(page.getByTestId(`health-${key}`)).toContainText('Funcionando');
  }
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok', checks: { worker: { status: 'ok' } } });
});

test('every page names the app icon, and the browser gets it', async ({ page, request }) => {
  await page.goto('/sign-in');
  const links = page.locator(
    'head link[rel="icon"], head link[rel="apple-touch-icon"], head link[rel="manifest"]',
  );
  const hrefs = await links.evaluateAll((els) => els.map((el) => el.getAttribute('href') ?? ''));
  expect(hrefs).toEqual(
    expect.arrayContaining(['/favicon.ico', '/icon.svg', '/apple-icon.png', '/manifest.webmanifest']),
  );
  // Browsers ask for /favicon.ico on their own, whatever the page says.
  for (const [path, type] of [
    ['/favicon.ico', /image\/(x-icon|vnd\.microsoft\.icon)/],
    ['/icon.svg', /image\/svg\+xml/],
    ['/apple-icon.png', /image\/png/],
  ] as const) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    expect(res.headers()['content-type'], path).toMatch(type);
  }
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  const { icons } = z
    .object({ icons: z.array(z.object({ src: z.string() })).min(1) })
    .parse(await manifest.json());
  for (const icon of icons) expect((await request.get(icon.src)).status(), icon.src).toBe(200);
});

test('sign-in and home have no serious accessibility violations', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/sign-in');
  const signInScan = await new AxeBuilder({ page }).analyze();
  expect(signInScan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await signIn(page, 'agente2@salud.demo');
  const homeScan = await new AxeBuilder({ page }).analyze();
  expect(homeScan.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await context.close();
});
