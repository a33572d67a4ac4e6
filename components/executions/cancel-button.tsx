'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';

export function CancelExecutionButton({ id }: { id: string }) {
  const t = useTranslations('executions');
  const trpc = useTRPC();
  const router = useRouter();
  const cancel = useMutation(
    trpc.executions.cancel.mutationOptions({
      onSuccess: () => {
        toast.success(t('cancelled'));
        setTimeout(() => router.refresh(), 800);
      },
      onError: (err) => toast.error(t('cancelFailed', { reason: err.message })),
    }),
  );
  return (
    <Button variant="secondary" disabled={cancel.isPending} onClick={() => cancel.mutate({ id })}>
      {t('cancel')}
    </Button>
  );
}
