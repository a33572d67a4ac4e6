'use client';

import { useMutation } from '@tanstack/react-query';
import { Archive, Copy } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';

export function FlowRowActions({ flowId, name }: { flowId: string; name: string }) {
  const t = useTranslations('flows');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const duplicate = useMutation({
    mutationFn: async () => {
      const flow = await client.flows.get.query({ flowId });
      return client.flows.create.mutate({
        name: t('copyOf', { name: flow.name }).slice(0, 120),
        kind:
          flow.kind === 'inbound_message' || flow.kind === 'outbound_campaign' || flow.kind === 'api'
            ? flow.kind
            : 'inbound_voice',
        description: flow.description,
        graph: flow.draft,
      });
    },
    onSuccess: () => {
      toast.success(t('duplicated'));
      router.refresh();
    },
    onError: () => toast.error(t('actionFailed')),
  });
  const archive = useMutation(
    trpc.flows.archive.mutationOptions({
      onSuccess: () => {
        toast.success(t('archived'));
        router.refresh();
      },
      onError: () => toast.error(t('actionFailed')),
    }),
  );
  return (
    <div className="flex justify-end gap-1">
      <Button
        variant="ghost"
        aria-label={t('duplicateNamed', { name })}
        disabled={duplicate.isPending}
        onClick={() => duplicate.mutate()}
      >
        <Copy aria-hidden className="size-4" />
        {t('duplicate')}
      </Button>
      <Button
        variant="ghost"
        aria-label={t('archiveNamed', { name })}
        disabled={archive.isPending}
        onClick={() => {
          if (window.confirm(t('archiveConfirm', { name }))) archive.mutate({ flowId, archived: true });
        }}
      >
        <Archive aria-hidden className="size-4" />
        {t('archive')}
      </Button>
    </div>
  );
}
