'use client';

import { RefreshCw } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useTransition } from 'react';
import { Button } from '@/components/ui/button';

export function RefreshButton() {
  const t = useTranslations('executions');
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Button variant="secondary" disabled={pending} onClick={() => start(() => router.refresh())}>
      <RefreshCw aria-hidden className={`size-4 ${pending ? 'animate-spin' : ''}`} />
      {t('refresh')}
    </Button>
  );
}
