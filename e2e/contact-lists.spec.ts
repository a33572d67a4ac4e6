import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { nav, seriousViolations, signIn } from './helpers';

test('a campaign manager uploads a list, maps a date column, sees the counts and downloads the error report', async ({
  browser,
}) => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, 'campanias@salud.demo');
  const run = Date.now() % 1_000_000;
  const dni = (n: number) => String(30_000_000 + ((run * 10 + n) % 60_000_000));
  const fieldKey = `dosis_${run}`;
  const csv = [
    'DNI;Nombre;Apellido;Celular;Fecha de dosis',
    `${dni(1)};Ana;Pérez;0341 15-555-${String(run % 10_000).padStart(4, '0')};03/04/2026`,
    `${dni(2)};Juan;Gómez;341 ${String(4_000_000 + (run % 1_000_000))};2026-04-05`,
    `${dni(3)};Luis;Díaz;hola;31/02/2026`,
  ].join('\r\n');

  await nav(page).getByRole('link', { name: 'Listados de contactos' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Listados de contactos' })).toBeVisible();
  await page.getByRole('link', { name: 'Subir listado' }).click();
  await page.getByTestId('list-file').setInputFiles({
    name: `vacunacion-${run}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await page.getByLabel('Propósito', { exact: true }).fill('vacunacion');
  await expect(page.getByText('Revisando si el archivo ya se subió…')).toHaveCount(0);
  await page.getByRole('button', { name: 'Siguiente' }).click();

  // The proposal from the headers, then a custom date field for the dose made from the mapping step.
  await expect(page.getByTestId('map-dni')).toHaveValue('dni');
  await expect(page.getByTestId('map-celular')).toHaveValue('phone');
  await page.getByLabel('Clave (minúsculas y guiones bajos)').fill(fieldKey);
  await page.getByLabel('Nombre visible').fill('Fecha de la dosis');
  await page.getByLabel('Tipo', { exact: true }).selectOption('date');
  await page.getByRole('button', { name: 'Crear campo' }).click();
  await expect(page.getByText(`Campo «${fieldKey}» creado.`)).toBeVisible();
  await page.getByTestId('map-fecha_de_dosis').selectOption(`field:${fieldKey}`);

  // The preview shows the rows as they will be stored: E.164 phones, ISO dates, or why a row is refused.
  const preview = page.getByTestId('preview');
  await expect(preview.getByTestId('preview-row-2')).toContainText('2026-04-03');
  await expect(preview.getByTestId('preview-row-2')).toContainText('+549341555');
  await expect(preview.getByTestId('preview-row-3')).toContainText('fijo o celular');
  await expect(preview.getByTestId('preview-row-4')).toContainText('El teléfono no es un número válido');
  await expect(preview.getByTestId('preview-row-4')).toContainText('La fecha no existe');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Subir e importar' }).click();
  await expect(page.getByText('Listo: 2 contactos, 1 fila rechazada.')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Ver el listado' }).click();

  await expect(page.getByTestId('count-processed')).toHaveText('3');
  await expect(page.getByTestId('count-valid')).toHaveText('2');
  await expect(page.getByTestId('count-errorRows')).toHaveText('1');
  await expect(page.getByRole('table', { name: 'Primeras filas rechazadas' })).toContainText('hola');
  expect(await seriousViolations(page)).toEqual([]);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-errors').click(),
  ]);
  const path = await download.path();
  const report = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  expect(report.split('\r\n')).toEqual([
    'Fila,Columna,Valor,Motivo,Código',
    '4,Celular,hola,El teléfono no es un número válido,INVALID_PHONE',
    '4,Fecha de dosis,31/02/2026,La fecha no existe o no está en formato dd/mm/aaaa o aaaa-mm-dd,INVALID_DATE',
    '',
  ]);
  await context.close();
});
