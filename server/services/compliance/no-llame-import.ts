import 'server-only';
import { createHash } from 'node:crypto';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { parseLocalDate } from '@/lib/campaigns/schedule';
import { landlineForm, mobileForm, type ParsedPhone, parsePhone } from '@/lib/phones/phone';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';
import { normalizePhone } from '@/server/services/citizens/contact-address';
import { latestNoLlameImport, NO_LLAME_MAX_AGE_DAYS } from './no-llame';

type Actor = { organizationId: string; userId: string; requestId?: string };

const BATCH = 5_000;
const HEADER = /tel|n[uú]m|phone|celular|movil|m[oó]vil|linea|l[ií]nea/i;

/**
 * Imports the national No Llame registry's list (CSV/TXT: one number per line, or a column of a CSV
 * whose header names it), streamed in batches. The new list replaces the previous one atomically:
 * its numbers are written under the new import id and the old ones dropped in ONE transaction, so a
 * campaign reads either the old set or the new one, never half. A list older than the current one
 * is refused (it would bring back numbers the registry has since kept or dropped).
 */
export async function importNoLlame(
  db: Database,
  actor: Actor,
  args: { registryDate: string; fileName: string; source: AsyncIterable<Uint8Array | string> },
): Promise<{ importId: string; numbers: number; invalid: number }> {
  if (!parseLocalDate(args.registryDate) || !/^\d{4}-\d{2}-\d{2}$/.test(args.registryDate)) {
    throw new AppError('INVALID_INPUT', 'The registry date must be YYYY-MM-DD', { field: 'registryDate' });
  }
  const current = await latestNoLlameImport(db);
  if (current && current.registryDate > args.registryDate) {
    throw new AppError('NO_LLAME_OLDER', `The current No Llame list is of ${current.registryDate}`, {
      registryDate: current.registryDate,
    });
  }
  const [row] = await db
    .insert(schema.noLlameImport)
    .values({
      registryDate: args.registryDate,
      importedByOrganizationId: actor.organizationId,
      importedBy: actor.userId,
      status: 'importing',
    })
    .returning({ id: schema.noLlameImport.id });
  if (!row) throw new Error('no_llame_import insert returned nothing');
  const importId = row.id;
  try {
    const hash = createHash('sha256');
    let invalid = 0;
    await db.transaction(async (tx) => {
      let batch = new Set<string>();
      const flush = async () => {
        if (batch.size === 0) return;
        const values = sql.join(
          [...batch].map((phone) => sql`(${phone}, ${importId}::uuid)`),
          sql`, `,
        );
        await tx.execute(sql`
          insert into no_llame_number (phone, import_id) values ${values}
          on conflict (phone) do update set import_id = excluded.import_id`);
        batch = new Set();
      };
      let column: number | null = null;
      let first = true;
      for await (const line of lines(args.source, hash)) {
        const cells = splitCells(line);
        if (first) {
          first = false;
          const named = cells.findIndex((c) => HEADER.test(c));
          if (named >= 0 && !cells.some((c) => normalizePhone(c))) {
            column = named;
            continue;
          }
        }
        const cell = column === null ? cells.find((c) => c !== '') : cells[column];
        if (!cell) continue;
        const phone = parsePhone(cell);
        if (!phone.ok) {
          invalid++;
          continue;
        }
        for (const form of registryForms(phone)) batch.add(form);
        if (batch.size >= BATCH) await flush();
      }
      await flush();
      // The switch: numbers the new list no longer has go, the previous imports are replaced.
      await tx.execute(sql`delete from no_llame_number where import_id <> ${importId}::uuid
        and import_id in (select id from no_llame_import where status in ('ready', 'replaced'))`);
      await tx
        .update(schema.noLlameImport)
        .set({ status: 'replaced' })
        .where(eq(schema.noLlameImport.status, 'ready'));
      const [{ n = 0 } = {}] = await tx.execute<{ n: number }>(
        sql`select count(*)::int as n from no_llame_number where import_id = ${importId}::uuid`,
      );
      await tx
        .update(schema.noLlameImport)
        .set({ status: 'ready', numbers: n, fileSha256: hash.digest('hex') })
        .where(eq(schema.noLlameImport.id, importId));
    });
    const [done] = await db
      .select({ numbers: schema.noLlameImport.numbers })
      .from(schema.noLlameImport)
      .where(eq(schema.noLlameImport.id, importId));
    const numbers = done?.numbers ?? 0;
    await recordAudit(db, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      action: 'no_llame.imported',
      targetType: 'no_llame_import',
      targetId: importId,
      data: { registryDate: args.registryDate, fileName: args.fileName, numbers, invalid },
      requestId: actor.requestId,
    });
    return { importId, numbers, invalid };
  } catch (err) {
    await db
      .update(schema.noLlameImport)
      .set({ status: 'failed' })
      .where(eq(schema.noLlameImport.id, importId));
    throw err;
  }
}

export type NoLlameStatus = {
  latest: { registryDate: string; numbers: number; importedAt: Date } | null;
  /** Whole days since the registry date of the newest list (null without one). */
  ageDays: number | null;
  stale: boolean;
  importing: boolean;
  maxAgeDays: number;
};

/** What Settings → No Llame shows: the newest list's date, its age, and whether an import runs. */
export async function noLlameStatus(db: Database, now: Date): Promise<NoLlameStatus> {
  const latest = await latestNoLlameImport(db);
  const [running] = await db
    .select({ id: schema.noLlameImport.id })
    .from(schema.noLlameImport)
    .where(
      and(
        eq(schema.noLlameImport.status, 'importing'),
        gt(schema.noLlameImport.createdAt, new Date(now.getTime() - 3_600_000)),
      ),
    )
    .orderBy(desc(schema.noLlameImport.createdAt))
    .limit(1);
  const ageDays = latest
    ? Math.floor((now.getTime() - Date.parse(`${latest.registryDate}T00:00:00Z`)) / 86_400_000)
    : null;
  return {
    latest: latest
      ? { registryDate: latest.registryDate, numbers: latest.numbers, importedAt: latest.createdAt }
      : null,
    ageDays,
    stale: ageDays === null || ageDays > NO_LLAME_MAX_AGE_DAYS,
    importing: running !== undefined,
    maxAgeDays: NO_LLAME_MAX_AGE_DAYS,
  };
}

/**
 * The forms a registered number is matched in. The registry lists area code + number, without the
 * mobile 9 or 15: such a number may be a landline or a mobile, so both E.164 forms are excluded.
 */
function registryForms(phone: ParsedPhone): string[] {
  if (phone.kind !== 'fixed_or_mobile') return [phone.e164];
  return [...new Set([landlineForm(phone.e164), mobileForm(phone.e164)])];
}

/** Text lines of a byte stream, decoded as UTF-8 (BOM dropped), hashed on the way. */
async function* lines(
  source: AsyncIterable<Uint8Array | string>,
  hash: ReturnType<typeof createHash>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    hash.update(bytes);
    rest += decoder.decode(bytes, { stream: true });
    const parts = rest.split(/\r?\n/);
    rest = parts.pop() ?? '';
    for (const part of parts) yield part.replace(/^\uFEFF/, '');
  }
  rest += decoder.decode();
  if (rest) yield rest.replace(/^\uFEFF/, '');
}

/** A CSV/TSV line's cells, trimmed and unquoted (numbers carry no delimiters). */
function splitCells(line: string): string[] {
  return line.split(/[,;\t|]/).map((c) =>
    c
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim(),
  );
}
