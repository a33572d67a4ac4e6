import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { nav, seriousViolations, signIn } from './helpers';

// The campaign workflow (campaignRun) lands with the lead's part: until then this spec checks the
// wizard, the launch's status and its events; pause and resume need a workflow that takes updates.
test('a campaign manager creates a campaign in the wizard, reviews its audience and launches it', async ({
  page,
}) => {
  await signIn(page, 'campanias@salud.demo');
  await nav(page).getByRole('link', { name: 'Campañas' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Campañas' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('link', { name: 'Nueva campaña' }).click();

  const name = `Antigripal ${randomBytes(3).toString('hex')}`;
  await page.getByLabel('Nombre de la campaña').fill(name);
  await page
    .getByLabel('Flujo', { exact: true })
    .selectOption({ label: 'Recordatorio de vacunación (campaña) (v1)' });
  await page.getByLabel('Finalidad').fill('vacunacion');
  await page.getByRole('button', { name: 'Siguiente' }).click();
  await page.getByLabel(/Vacunación antigripal 2026 \(demo\)/).check();
  await expect(page.getByTestId('audience-counts')).toContainText('5 personas en la audiencia');
  expect(await seriousViolations(page)).toEqual([]);
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Siguiente' }).click();
  await expect(page.getByTestId('campaign-review')).toContainText(name);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Lanzar campaña' }).click();

  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByTestId('campaign-status')).toHaveText('En curso');
  await expect(page.getByTestId('campaign-events')).toContainText('Lanzada');
  await expect(page.getByTestId('campaign-events')).toContainText('Lista usada');
  await expect(page.getByRole('button', { name: 'Pausar' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await nav(page).getByRole('link', { name: 'Campañas' }).click();
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('En curso');
});
