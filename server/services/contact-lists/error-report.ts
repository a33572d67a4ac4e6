import 'server-only';
import type { Database } from '@/db';
import { LOCALE_COOKIE, toLocale } from '@/lib/i18n-config';
import type { SessionInfo } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import en from '@/server/i18n/messages/en.json';
import esAR from '@/server/i18n/messages/es-AR.json';
import { isUuid, LIST_READERS, listAccess, refuse } from './list-access';
import { contactListErrors, getContactList } from './lists';

const CATALOGS = { 'es-AR': esAR.contactLists.report, en: en.contactLists.report };
const PAGE = 1000;

type ReportText = (typeof CATALOGS)['en'];

/**
 * GET /api/contact-lists/{id}/errors: every refused row as CSV (row number, column, value, why in
 * the reader's language, and the reason's code), streamed a keyset page at a time. Values a
 * spreadsheet would run as formulas are quoted with a leading apostrophe.
 */
export async function errorReportResponse(
  deps: { db: Database; session: SessionInfo | null },
  args: { listId: string; request: Request },
): Promise<Response> {
  const access = await listAccess(deps.db, deps.session, LIST_READERS);
  if (!access.ok) return access.response;
  if (!isUuid(args.listId)) return refuse(404, 'Contact list not found');
  let list: Awaited<ReturnType<typeof getContactList>>;
  try {
    list = await getContactList(deps.db, access.organizationId, args.listId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return refuse(404, 'Contact list not found');
    throw err;
  }
  const text = CATALOGS[toLocale(cookie(args.request.headers.get('cookie'), LOCALE_COOKIE))];
  const encoder = new TextEncoder();
  let after: { row: number; id: number } | null = null;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      if (!started) {
        started = true;
        controller.enqueue(
          encoder.encode(`\uFEFF${csvLine([text.row, text.column, text.value, text.reason, text.code])}`),
        );
        return;
      }
      const page = await contactListErrors(deps.db, access.organizationId, {
        listId: list.id,
        after,
        limit: PAGE,
      });
      const lines = page.rows
        .map((r) => csvLine([String(r.rowNumber), r.column, r.value, reasonText(text, r.reason), r.reason]))
        .join('');
      if (lines) controller.enqueue(encoder.encode(lines));
      if (!page.next) controller.close();
      after = page.next;
    },
  });
  const fileName = `${slug(list.name) || 'listado'}-errores.csv`;
  return new Response(stream, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
    },
  });
}

export function reasonText(text: ReportText, reason: string): string {
  const reasons: Record<string, string> = text.reasons;
  return reasons[reason] ?? reason;
}

function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function cookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
