import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createDb } from '../../db';
import { runMigrations } from '../../db/migrate';
import { addMember, createOrganization, createUser } from '../../db/seed/factories';
import { createLogger } from '../../server/logger';
import { createField } from '../../server/services/contact-lists/fields';
import { createContactList } from '../../server/services/contact-lists/lists';
import { handleListUpload } from '../../server/services/contact-lists/upload-request';
import type { Emit } from '../bench';
import { startEmbeddedPostgres } from '../lib/postgres';
import { freePort } from '../lib/temporal-dev-server';

const ROWS = Number(process.env.BENCH_CSV_ROWS ?? 1_000_000);
const log = (m: string) => process.stderr.write(`[csv] ${m}\n`);

/**
 * `csv_import.1m_rows.*`: a 1,000,000-row CSV (about 1 % bad rows) generated on disk, streamed from
 * disk through the upload route's handler (handleListUpload: role check, size cap, the streamed
 * import) into a private PostgreSQL, as the browser's request body would be. The route file adds
 * only getDb() and the session lookup, nothing that scales with the file. Peak RSS is this
 * process's high-water mark (VmHWM), which includes generating the file; PostgreSQL is its own process.
 */
export async function run(emit: Emit): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const dir = path.join(root, '.data', `bench-csv-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'pg'),
    port: await freePort(),
    database: 'bench',
    ephemeral: true,
    log: createLogger('bench', { stderr: true }).child({}, { level: 'warn' }),
  });
  const { db, sql } = createDb(pg.url, { max: 10 });
  try {
    await runMigrations(db);
    const file = path.join(dir, 'list.csv');
    await writeCsv(file, ROWS);
    const bytes = (await stat(file)).size;
    log(`generated ${ROWS} rows, ${(bytes / 1e6).toFixed(1)} MB`);
    const org = await createOrganization(db, {
      name: 'Bench listas',
      slug: `bench-${randomUUID().slice(0, 8)}`,
    });
    const user = await createUser(db, {
      name: 'Bench',
      email: `bench-${randomUUID()}@bench.cauce`,
      password: 'x'.repeat(12),
    });
    await addMember(db, { organizationId: org.id, userId: user.id, roles: ['campaign_manager'] });
    const actor = { organizationId: org.id, userId: user.id, requestId: 'bench' };
    await createField(db, actor, { key: 'dose_date', type: 'date', label: 'Dosis' });
    const list = await createContactList(db, actor, {
      name: 'Bench',
      purpose: 'vacunacion',
      fileName: 'list.csv',
      sha256: null,
      mapping: {
        dni: 'dni',
        nombre: 'first_name',
        apellido: 'last_name',
        telefono: 'phone',
        email: 'email',
        dosis: 'field:dose_date',
      },
      allowDuplicate: false,
    });
    const body = Readable.toWeb(createReadStream(file, { highWaterMark: 64 * 1024 }));
    const request = new Request(`http://localhost/api/contact-lists/${list.id}/upload`, {
      method: 'POST',
      headers: { 'content-length': String(bytes) },
      body: body as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
    const t0 = performance.now();
    const res = await handleListUpload(
      { db, session: { id: 'bench', userId: user.id, activeOrganizationId: org.id } },
      { listId: list.id, request },
    );
    const seconds = (performance.now() - t0) / 1000;
    const result: unknown = await res.json();
    log(`status ${res.status}: ${JSON.stringify(result)}`);
    if (res.status !== 200) throw new Error('the import did not finish');
    emit('csv_import.1m_rows.seconds', seconds, 's');
    emit('csv_import.1m_rows.peak_rss_mb', await peakRssMb(), 'MB');
  } finally {
    await sql.end();
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** dni;nombre;apellido;telefono;email;dosis with the written forms people use; 1 row in 100 is bad. */
async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('\uFEFFdni;nombre;apellido;telefono;email;dosis\r\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const local = String(4_000_000 + (i % 3_000_000));
    const phone =
      i % 200 === 7
        ? 'sin teléfono'
        : i % 3 === 0
          ? `0341 15 ${local.slice(0, 3)}-${local.slice(3)}`
          : i % 3 === 1
            ? `+54 9 341 ${local}`
            : `341 ${local}`;
    const dni = i % 200 === 107 ? '12' : String(10_000_000 + i);
    const day = String((i % 28) + 1).padStart(2, '0');
    chunk += `${dni};Nombre ${i % 1000};"Apellido; ${i % 777}";${phone};vecino${i}@correo.example;${day}/0${(i % 9) + 1}/2026\r\n`;
    if (chunk.length > 64 * 1024) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}

async function peakRssMb(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(status);
  return hwm ? Number(hwm[1]) / 1024 : process.memoryUsage().rss / 1024 / 1024;
}
