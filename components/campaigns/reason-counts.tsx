'use client';

import { useTranslations } from 'next-intl';
import { ELIGIBILITY_REASONS } from '@/lib/contracts/campaign';

/** Eligibility reasons as counts, each with its explanation (campaigns.reasons / campaigns.reasonHelp). */
export function ReasonCounts({ counts }: { counts: Partial<Record<string, number | undefined>> }) {
  const t = useTranslations('campaigns');
  const rows = ELIGIBILITY_REASONS.filter((r) => (counts[r] ?? 0) > 0);
  if (rows.length === 0) return null;
  return (
    <dl className="divide-y divide-slate-100 text-sm" data-testid="reason-counts">
      {rows.map((r) => (
        <div key={r} className="flex items-baseline justify-between gap-4 py-1.5">
          <dt>
            <span className="font-medium">{t(`reasons.${r}`)}</span>
            <span className="block text-xs text-slate-600">{t(`reasonHelp.${r}`)}</span>
          </dt>
          <dd className="tabular-nums">{counts[r]}</dd>
        </div>
      ))}
    </dl>
  );
}
