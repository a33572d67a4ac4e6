import { useTranslations } from 'next-intl';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { CampaignStatus } from '@/lib/contracts/campaign';

const TONES: Record<CampaignStatus, BadgeTone> = {
  draft: 'neutral',
  scheduled: 'info',
  running: 'success',
  paused: 'warning',
  completed: 'info',
  cancelled: 'danger',
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const t = useTranslations('campaigns.statuses');
  return (
    <Badge tone={TONES[status]} data-testid="campaign-status">
      {t(status)}
    </Badge>
  );
}

/** A labelled progress bar (role progressbar, so it is read out). */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const pct = Math.max(0, Math.min(100, value));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(pct)}
      className="h-2 w-full overflow-hidden rounded bg-slate-200"
    >
      <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${pct}%` }} />
    </div>
  );
}
