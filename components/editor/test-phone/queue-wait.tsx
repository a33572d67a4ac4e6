'use client';

import { Headset } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';

/** The test call waits in a queue: which one, and for how long so far (ticking every second). */
export function QueueWait({ queueName, since }: { queueName: string; since: number }) {
  const t = useTranslations('editor.testPhone');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  return (
    <output
      aria-live="polite"
      className="flex items-center gap-2 rounded border border-sky-200 bg-sky-50 p-2 text-sm text-sky-900"
    >
      <Headset aria-hidden className="size-4 shrink-0" />
      {t('waitingInQueue', {
        queue: queueName,
        minutes: Math.floor(seconds / 60),
        seconds: String(seconds % 60).padStart(2, '0'),
      })}
    </output>
  );
}
