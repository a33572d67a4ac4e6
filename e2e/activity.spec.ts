import { expect, type Page, test } from '@playwright/test';
import { signIn } from './helpers';

/** Calls a tRPC mutation with the signed-in session and returns its JSON, as the app's client would. */
async function mutate(page: Page, path: string, input: unknown): Promise<string> {
  const res = await page.request.post(`/api/trpc/${path}?batch=1`, { data: { 0: { json: input } } });
  const text = await res.text();
  expect(res.ok(), `${path}: ${text}`).toBe(true);
  return text;
}

test('a published flow shows its recent activity per node and edge, and replays one execution', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1700, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, 'disenio@salud.demo');
  const graph = {
    nodes: [
      { id: 'inicio', kind: 'trigger_api', position: { x: 0, y: 0 }, config: {} },
      { id: 'fin', kind: 'end', position: { x: 0, y: 200 }, config: {} },
    ],
    edges: [{ id: 'e1', source: 'inicio', sourcePort: 'next', target: 'fin' }],
    notes: [],
  };
  const created = await mutate(page, 'flows.create', { name: `Actividad ${Date.now()}`, kind: 'api', graph });
  const flowId = created.match(/"id":"([0-9a-f-]{36})"/)?.[1];
  expect(flowId).toBeTruthy();
  await page.goto(`/flows/${flowId}`);
  await expect(page.getByTestId('node-inicio')).toBeVisible();
  // A flow never published has nothing to measure.
  await expect(page.getByTestId('activity-toggle')).toHaveCount(0);

  await mutate(page, 'flows.publish', { flowId, note: 'primera' });
  await mutate(page, 'executions.start', { flowId, input: {} });
  await mutate(page, 'executions.start', { flowId, input: {} });
  await page.reload();

  await page.getByRole('button', { name: 'Actividad', exact: true }).click();
  const panel = page.getByTestId('activity-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('node-inicio').getByTestId('node-activity')).toHaveText('2');
  await expect(page.getByTestId('node-fin').getByTestId('node-activity')).toHaveText('2');
  await expect(page.locator('.react-flow__edge-textwrapper').filter({ hasText: '2' })).toBeVisible();
  await expect(panel.getByTestId('activity-summary')).toHaveText('2 ejecuciones en la última hora.');
  await page.getByTestId('activity-window').selectOption('day');
  await expect(panel.getByTestId('activity-summary')).toHaveText('2 ejecuciones en el último día.');

  // A click on an execution draws its path the way the test phone does.
  const runs = panel.getByTestId('activity-execution');
  await expect(runs).toHaveCount(2);
  await runs.first().click();
  await expect(page.getByTestId('node-inicio')).toHaveAttribute('data-test-run', 'visited');
  await expect(page.getByTestId('node-fin')).toHaveAttribute('data-test-run', 'visited');
  await expect(page.locator('.react-flow__edge.test-run-visited')).toHaveCount(1);

  // Turning the overlay off clears the badges and the replayed path.
  await page.getByRole('button', { name: 'Actividad', exact: true }).click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('node-activity')).toHaveCount(0);
  await expect(page.locator('[data-test-run]')).toHaveCount(0);
  await context.close();
});
