import { getTranslations } from 'next-intl/server';
import { Badge, type BadgeTone } from '@/components/ui/badge';

const TONES: Record<string, BadgeTone> = {
  running: 'info',
  completed: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};
const KNOWN = new Set(['running', 'completed', 'failed', 'cancelled']);

export async function StatusBadge({ status }: { status: string }) {
  const t = await getTranslations('executions.statuses');
  return <Badge tone={TONES[status] ?? 'neutral'}>{KNOWN.has(status) ? t(status) : status}</Badge>;
}
