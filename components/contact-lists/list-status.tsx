'use client';

import { useTranslations } from 'next-intl';
import { Badge, type BadgeTone } from '@/components/ui/badge';

const TONES: Record<string, BadgeTone> = {
  pending: 'neutral',
  importing: 'info',
  ready: 'success',
  failed: 'danger',
};
const KNOWN = ['pending', 'importing', 'ready', 'failed'] as const;

export function ListStatus({ status }: { status: string }) {
  const t = useTranslations('contactLists.status');
  const known = KNOWN.find((s) => s === status);
  return <Badge tone={TONES[status] ?? 'neutral'}>{known ? t(known) : status}</Badge>;
}
