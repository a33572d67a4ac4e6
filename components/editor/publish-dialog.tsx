'use client';

import { useQueryClient } from '@tanstack/react-query';
import { Rocket } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type FormEvent, useId, useRef, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { useEditorStore } from './store/editor-store-provider';
import { appCodeOf } from './use-autosave';

/** Publish is refused while the checklist has errors, and the button says why. */
export function PublishButton({
  flowId,
  flush,
  revision,
  onPublished,
}: {
  flowId: string;
  flush: () => Promise<boolean>;
  revision: { current: number };
  onPublished: () => void;
}) {
  const t = useTranslations('editor');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const errors = useEditorStore((s) => s.problems.filter((p) => p.severity === 'error').length);
  // Until the first in-browser compile ran, the error count is unknown (the server would still refuse).
  const validated = useEditorStore((s) => s.validatedAt !== null);
  const dialog = useRef<HTMLDialogElement>(null);
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const reasonId = useId();
  const titleId = useId();
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    try {
      if (!(await flush())) return;
      const result = await client.flows.publish.mutate({ flowId, note, baseRevision: revision.current });
      toast.success(t('published', { version: result.version }));
      dialog.current?.close();
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
      ) : null}
      <Button
        disabled={errors > 0 || !validated}
        aria-describedby={errors > 0 ? reasonId : undefined}
        onClick={() => dialog.current?.showModal()}
      >
        <Rocket aria-hidden className="size-4" />
        {t('publish')}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[28rem] max-w-full rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form onSubmit={onSubmit} className="space-y-4 p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            {t('publishTitle')}
          </h2>
          <label className="flex flex-col text-sm">
            <span className="font-medium text-slate-700">{t('publishNote')}</span>
            <textarea
              value={note}
              maxLength={500}
              rows={3}
              onChange={(e) => setNote(e.target.value)}
              className="mt-1 rounded-md border border-slate-300 px-3 py-2"
            />
          </label>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              {t('cancel')}
            </Button>
            <Button type="submit" disabled={pending}>
              {t('publishConfirm')}
            </Button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
