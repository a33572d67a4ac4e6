import { getTranslations } from 'next-intl/server';

const STYLE: Record<string, string> = {
  running: 'bg-blue-100 text-blue-800',
  completed: 'bg-green-100 text-green-800',
  failed: 'bg-red-100 text-red-800',
  cancelled: 'bg-slate-200 text-slate-800',
};
const KNOWN = new Set(['running', 'completed', 'failed', 'cancelled']);

export async function StatusBadge({ status }: { status: string }) {
  const t = await getTranslations('executions.statuses');
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs font-medium ${STYLE[status] ?? 'bg-slate-100 text-slate-800'}`}
    >
      {KNOWN.has(status) ? t(status) : status}
    </span>
  );
}
