import 'server-only';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { and, eq, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import {
  type CustomFieldDef,
  detectEncoding,
  type ListFailure,
  sniffDelimiter,
} from '@/lib/contact-lists/mapping';
import { normalizeRow, REPORT_VALUE_CHARS, type RowPlan, rowPlan } from '@/lib/contact-lists/row';
import { AppError } from '@/server/errors';
import { listFields } from './fields';
import { type BatchError, type BatchRow, writeBatch } from './write-batch';

/** Rows per transaction: one set of statements per batch (measured: 1,000 rows is where it flattens). */
export const IMPORT_BATCH_ROWS = 1000;
/** The largest file accepted, counted while streaming (a 1,000,000-row list is about 80 MB). */
export const MAX_LIST_BYTES = 256 * 1024 * 1024;
/** Bytes read before deciding the encoding. */
const SNIFF_BYTES = 64 * 1024;

export type ImportResult = {
  listId: string;
  status: 'ready' | 'failed';
  error: ListFailure | null;
  processedRows: number;
  validRows: number;
  errorRows: number;
  mergedRows: number;
  fileSha256: string;
  fileBytes: number;
  encoding: 'utf-8' | 'windows-1252' | null;
};

type ParsedRecord = { cells: string[]; row: number };

class ListRefused extends Error {
  constructor(readonly failure: ListFailure) {
    super(failure);
  }
}

/**
 * Streams an uploaded file into a list that is `pending` (created by contactLists.create), once:
 * bytes → sha256 and size (capped) → encoding (UTF-8, else Windows-1252, from the first 64 KB) →
 * csv-parse (delimiter sniffed, BOM dropped, quotes and embedded newlines, ragged rows kept for the
 * report) → rows checked by the same code the wizard's preview runs → batches of 1,000 written in
 * a transaction each, so processed_rows moves while the upload runs and memory stays flat.
 * Valid rows are kept when others fail; a file that cannot be read at all fails the list.
 */
export async function importContactList(
  db: Database,
  args: { organizationId: string; listId: string; body: AsyncIterable<Uint8Array>; maxBytes?: number },
): Promise<ImportResult> {
  const claimed = await db
    .update(schema.contactList)
    .set({ status: 'importing' })
    .where(
      and(
        eq(schema.contactList.id, args.listId),
        eq(schema.contactList.organizationId, args.organizationId),
        eq(schema.contactList.status, 'pending'),
      ),
    )
    .returning();
  const list = claimed[0];
  if (!list) {
    const exists = await db.query.contactList.findFirst({
      columns: { id: true },
      where: and(
        eq(schema.contactList.id, args.listId),
        eq(schema.contactList.organizationId, args.organizationId),
      ),
    });
    throw exists
      ? new AppError('LIST_ALREADY_UPLOADED')
      : new AppError('NOT_FOUND', 'Contact list not found');
  }
  const fields = await listFields(db, args.organizationId);
  const source = new ByteSource(args.body, args.maxBytes ?? MAX_LIST_BYTES);
  let failure: ListFailure | null = null;
  try {
    await parseInto(db, {
      source,
      mapping: list.mapping,
      fields,
      target: { organizationId: args.organizationId, listId: list.id, purpose: list.purpose },
    });
  } catch (err) {
    if (err instanceof ListRefused) failure = err.failure;
    else if (source.tooLarge) failure = 'FILE_TOO_LARGE';
    else if (source.interrupted) failure = 'UPLOAD_INTERRUPTED';
    else {
      await finish(db, list.id, args.organizationId, source, 'IMPORT_FAILED');
      throw err;
    }
  }
  return finish(db, list.id, args.organizationId, source, failure);
}

async function finish(
  db: Database,
  listId: string,
  organizationId: string,
  source: ByteSource,
  failure: ListFailure | null,
): Promise<ImportResult> {
  const fileSha256 = source.digest();
  const [row] = await db
    .update(schema.contactList)
    .set({
      status: failure ? 'failed' : 'ready',
      error: failure,
      fileSha256,
      fileBytes: source.bytes,
      completedAt: sql`now()`,
    })
    .where(and(eq(schema.contactList.id, listId), eq(schema.contactList.organizationId, organizationId)))
    .returning();
  if (!row) throw new AppError('NOT_FOUND', 'Contact list not found');
  return {
    listId,
    status: failure ? 'failed' : 'ready',
    error: failure,
    processedRows: row.processedRows,
    validRows: row.validRows,
    errorRows: row.errorRows,
    mergedRows: row.mergedRows,
    fileSha256,
    fileBytes: source.bytes,
    encoding: source.encoding,
  };
}

async function parseInto(
  db: Database,
  args: {
    source: ByteSource;
    mapping: Record<string, string>;
    fields: CustomFieldDef[];
    target: { organizationId: string; listId: string; purpose: string };
  },
): Promise<void> {
  const text = args.source.text();
  const first = await text.next();
  if (first.done || first.value.replace(/^\uFEFF/, '').trim() === '') throw new ListRefused('EMPTY_FILE');
  let row = 0;
  let malformed = 0;
  const skipped: BatchError[] = [];
  const parser = parse({
    delimiter: sniffDelimiter(first.value.replace(/^\uFEFF/, '')),
    bom: true,
    relax_column_count: true,
    skip_records_with_error: true,
    // Row numbers as a spreadsheet shows them (the header is row 1), counted in parse order and
    // carried as the record's first cell (a skipped record takes its number too).
    on_record: (record: string[]) => [String(++row), ...record],
    on_skip: (err: Error | undefined) => {
      malformed++;
      const code = err && 'code' in err ? String(err.code) : 'CSV_ERROR';
      skipped.push({
        rowNumber: ++row,
        column: '',
        value: code.slice(0, REPORT_VALUE_CHARS),
        reason: 'MALFORMED_ROW',
      });
      return undefined;
    },
  });
  const input = Readable.from(
    (async function* () {
      yield first.value;
      yield* { [Symbol.asyncIterator]: () => text };
    })(),
  );
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let plan: RowPlan | null = null;
  let rows: BatchRow[] = [];
  let errors: BatchError[] = [];
  let seen = 0;
  const flush = async () => {
    errors.push(...skipped.splice(0));
    if (rows.length === 0 && errors.length === 0) return;
    const batch = { rows, errors };
    rows = [];
    errors = [];
    await writeBatch(db, args.target, batch.rows, batch.errors);
  };
  for await (const numbered of parser as AsyncIterable<string[]>) {
    const record: ParsedRecord = { row: Number(numbered[0]), cells: numbered.slice(1) };
    if (!plan) {
      const planned = rowPlan(record.cells, args.mapping, args.fields);
      if (!planned.ok) throw new ListRefused(planned.problem);
      plan = planned.plan;
      continue;
    }
    // Blank lines and rows of only delimiters are skipped (they keep their row number).
    if (record.cells.every((c) => c.trim() === '')) continue;
    seen++;
    const result = normalizeRow(record.cells, plan);
    if (result.ok) rows.push({ ...result.row, rowNumber: record.row });
    else for (const e of result.errors) errors.push({ ...e, rowNumber: record.row });
    if (rows.length + errors.length >= IMPORT_BATCH_ROWS) await flush();
  }
  await flush();
  if (!plan) throw new ListRefused('EMPTY_FILE');
  if (seen === 0 && malformed === 0) throw new ListRefused('NO_ROWS');
}

/** The request body as bytes: hashed, counted against the cap, then decoded in the encoding it sniffs. */
class ByteSource {
  bytes = 0;
  tooLarge = false;
  interrupted = false;
  encoding: 'utf-8' | 'windows-1252' | null = null;
  private readonly hash = createHash('sha256');

  constructor(
    private readonly body: AsyncIterable<Uint8Array>,
    private readonly maxBytes: number,
  ) {}

  digest(): string {
    return this.hash.copy().digest('hex');
  }

  async *text(): AsyncGenerator<string> {
    const head: Uint8Array[] = [];
    let headBytes = 0;
    let decoder: TextDecoder | null = null;
    try {
      for await (const chunk of this.body) {
        this.bytes += chunk.byteLength;
        if (this.bytes > this.maxBytes) {
          this.tooLarge = true;
          throw new ListRefused('FILE_TOO_LARGE');
        }
        this.hash.update(chunk);
        if (decoder) {
          const piece = decoder.decode(chunk, { stream: true });
          if (piece) yield piece;
          continue;
        }
        head.push(chunk);
        headBytes += chunk.byteLength;
        if (headBytes < SNIFF_BYTES) continue;
        decoder = this.decoderFor(Buffer.concat(head), false);
        yield decoder.decode(Buffer.concat(head), { stream: true });
        head.length = 0;
      }
    } catch (err) {
      if (!(err instanceof ListRefused)) this.interrupted = true;
      throw err;
    }
    if (!decoder) {
      const all = Buffer.concat(head);
      decoder = this.decoderFor(all, true);
      const piece = decoder.decode(all, { stream: true });
      if (piece) yield piece;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  private decoderFor(sample: Uint8Array, complete: boolean): TextDecoder {
    this.encoding = detectEncoding(sample, complete);
    // Not fatal: a stray invalid byte later in a UTF-8 file becomes U+FFFD and refuses only its row.
    return new TextDecoder(this.encoding);
  }
}
