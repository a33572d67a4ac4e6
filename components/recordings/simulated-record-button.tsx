'use client';

import { Mic } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';

/**
 * At a Record prompt of the test phone: leaves a simulated recording as long as the designer took
 * (from the prompt to the click, within the node's maximum). The simulator records no audio.
 */
export function SimulatedRecordButton({
  maxSeconds,
  since,
  disabled,
  onRecord,
}: {
  maxSeconds: number;
  since: number;
  disabled: boolean;
  onRecord: (seconds: number) => void;
}) {
  const t = useTranslations('recordings');
  return (
    <div className="space-y-1 rounded border border-amber-200 bg-amber-50 p-2">
      <Button
        variant="secondary"
        className="w-full"
        disabled={disabled}
        onClick={() => onRecord(Math.min(maxSeconds, Math.max(1, Math.round((Date.now() - since) / 1000))))}
      >
        <Mic aria-hidden className="size-4" />
        {t('leaveSimulated')}
      </Button>
      <p className="text-xs text-amber-900">{t('simulatedHint')}</p>
    </div>
  );
}
