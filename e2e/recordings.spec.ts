import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

// The demo data has María González's after-hours call to the vaccination line, with her message.
const DEMO_CALL = '/executions/call-CAdemo0000000000000000000000000001';

test('a supervisor finds the recording of a call and the citizen’s history with the organismo', async ({
  page,
}) => {
  await signIn(page, 'supervisor@salud.demo');
  await page.goto(DEMO_CALL);
  await expect(page.getByRole('heading', { level: 2, name: 'Grabaciones' })).toBeVisible();
  const list = page.getByTestId('recording-list');
  await expect(list).toBeVisible();
  await expect(list.getByText('Grabación simulada, sin audio')).toBeVisible();
  await expect(list.getByText(/31 segundos/)).toBeVisible();
  await expect(list.getByText(/paso mensaje/)).toBeVisible();

  await page.getByTestId('execution-citizen').click();
  await expect(page.getByRole('heading', { level: 1, name: 'María González' })).toBeVisible();
  await expect(page.getByTestId('citizen-data').getByText('20123456')).toBeVisible();
  const history = page.getByTestId('citizen-history');
  await expect(history.getByText('Turnos de vacunación')).toBeVisible();
  await expect(history.getByText('Voz')).toBeVisible();
  await expect(history.getByText('Grabación simulada, sin audio')).toBeVisible();
  // Other executions with her (a campaign an earlier spec launched) may be listed first.
  await history
    .getByRole('link', { name: 'Ver ejecución' })
    .and(page.locator(`[href$="${DEMO_CALL}"]`))
    .click();
  await expect(page).toHaveURL(new RegExp(`${DEMO_CALL}$`));
});

test('an agent reads the citizen page; a designer sees the call but not its recordings', async ({
  browser,
}) => {
  const as = async () => (await browser.newContext()).newPage();
  const supervisor = await as();
  await signIn(supervisor, 'supervisor@salud.demo');
  await supervisor.goto(DEMO_CALL);
  const citizenHref = (await supervisor.getByTestId('execution-citizen').getAttribute('href')) ?? '';
  expect(citizenHref).toMatch(/^\/citizens\/[0-9a-f-]{36}$/);
  await supervisor.context().close();

  const agent = await as();
  await signIn(agent, 'agente1@salud.demo');
  await agent.goto(citizenHref);
  await expect(agent.getByRole('heading', { level: 1, name: 'María González' })).toBeVisible();
  await expect(agent.getByTestId('citizen-history').getByText('Grabación simulada, sin audio')).toBeVisible();
  // Agents do not open executions: the history does not link them there.
  await expect(agent.getByRole('link', { name: 'Ver ejecución' })).toHaveCount(0);
  await agent.context().close();

  const designer = await as();
  await signIn(designer, 'disenio@salud.demo');
  await designer.goto(DEMO_CALL);
  await expect(designer.getByTestId('execution-outcome')).toHaveText('done');
  await expect(
    designer.getByText('Solo agentes, supervisores y administradores pueden escuchar las grabaciones.'),
  ).toBeVisible();
  await expect(designer.getByTestId('recording-list')).toHaveCount(0);
  await expect(designer.getByTestId('execution-citizen')).toHaveCount(0);
  await designer.context().close();

  // Another organismo sees the citizen of the shared base, but none of Salud's interactions.
  const vera = await as();
  await signIn(vera, 'admin@vera.demo');
  await vera.goto(citizenHref);
  await expect(vera.getByRole('heading', { level: 1, name: 'María González' })).toBeVisible();
  await expect(vera.getByText('Todavía no tuvo interacciones con este organismo.')).toBeVisible();
  await vera.goto(DEMO_CALL);
  await expect(vera.getByTestId('recording-list')).toHaveCount(0);
  await vera.context().close();
});
