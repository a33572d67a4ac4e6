'use client';

import { useQueryClient } from '@tanstack/react-query';
import { Rocket } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { type FormEvent, useId, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/textarea';
import { useEditorStore } from './store/editor-store-provider';
import { appCodeOf, type SaveStatus } from './use-autosave';

/**
 * Publish is refused while the checklist has errors, and the button says why; with nothing changed
 * since the latest version it says so instead of offering an identical version.
 */
export function PublishButton({
  flowId,
  flush,
  revision,
  saveStatus,
  published: initiallyPublished,
  onPublished,
}: {
  flowId: string;
  flush: () => Promise<boolean>;
  revision: { current: number };
  saveStatus: SaveStatus;
  /** The latest version and the draft revision it was published from (null: unknown or never). */
  published: { version: number; revision: number | null };
  onPublished: () => void;
}) {
  const t = useTranslations('editor');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const errors = useEditorStore((s) => s.problems.filter((p) => p.severity === 'error').length);
  // Until the first in-browser compile ran, the error count is unknown (the server would still refuse).
  const validated = useEditorStore((s) => s.validatedAt !== null);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [published, setPublished] = useState(initiallyPublished);
  const reasonId = useId();
  const upToDate = published.version > 0 && saveStatus === 'saved' && published.revision === revision.current;
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    try {
      if (!(await flush())) return;
      const result = await client.flows.publish.mutate({ flowId, note, baseRevision: revision.current });
      toast.success(t('published', { version: result.version }));
      setPublished({ version: result.version, revision: revision.current });
      if (result.unbound)
        toast.warning(t('publishedUnbound'), {
          description: (
            <Link className="underline" href="/settings/telephony">
              {t('publishedUnboundLink')}
            </Link>
          ),
          duration: 15_000,
        });
      setOpen(false);
      setNote('');
      await queryClient.invalidateQueries({ queryKey: trpc.flows.versions.queryKey({ flowId }) });
      onPublished();
    } catch (err) {
      toast.error(appCodeOf(err) === 'FLOW_HAS_ERRORS' ? t('publishHasErrors') : t('actionFailed'));
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="flex items-center gap-2">
      {errors > 0 ? (
        <span id={reasonId} className="text-xs text-red-700" data-testid="publish-blocked">
          {t('publishBlocked', { count: errors })}
        </span>
      ) : upToDate ? (
        <span id={reasonId} className="text-xs text-slate-600" data-testid="publish-up-to-date">
          {t('publishUpToDate', { version: published.version })}
        </span>
      ) : null}
      <Button
        disabled={errors > 0 || !validated || upToDate}
        aria-describedby={errors > 0 || upToDate ? reasonId : undefined}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <Rocket aria-hidden className="size-4" />
        {t('publish')}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={t('publishTitle')}
        size="sm"
        onSubmit={(e) => void onSubmit(e)}
        submitLabel={t('publishConfirm')}
        submitDisabled={pending}
      >
        <Field label={t('publishNote')}>
          {(control) => (
            <Textarea
              {...control}
              value={note}
              maxLength={500}
              rows={3}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
      </Dialog>
    </div>
  );
}
