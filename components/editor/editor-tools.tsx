'use client';

import { TRPCClientError } from '@trpc/client';
import { useReactFlow } from '@xyflow/react';
import { Download, LayoutGrid, Upload } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type ChangeEvent, type ReactNode, useRef, useState } from 'react';
import { toast } from 'sonner';
import { useTRPCClient } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { GRAPH_LIMITS } from '@/workflows/dsl/graph';
import { importReasonOf } from './import-errors';
import { arrangeGraph } from './layout';
import { useEditorStoreApi } from './store/editor-store-provider';
import { appCodeOf } from './use-autosave';

/** «Ordenar»: lays the graph out top-down in one undoable step, then fits it in view. */
export function ArrangeButton({ disabled }: { disabled?: boolean }) {
  const t = useTranslations('editorTools');
  const store = useEditorStoreApi();
  const rf = useReactFlow();
  const [busy, setBusy] = useState(false);
  return (
    <ToolButton
      label={t('arrange')}
      title={t('arrangeHint')}
      disabled={disabled || busy}
      onClick={async () => {
        setBusy(true);
        try {
          if (await arrangeGraph(store)) {
            // Let React Flow render the new positions before measuring the bounds.
            requestAnimationFrame(() => void rf.fitView({ duration: 300, maxZoom: 1 }));
          }
        } catch {
          toast.error(t('arrangeFailed'));
        } finally {
          setBusy(false);
        }
      }}
    >
      <LayoutGrid aria-hidden className="size-4" />
    </ToolButton>
  );
}

type Autosave = { flush: () => Promise<boolean>; reload: () => Promise<void>; revision: { current: number } };

/** Downloads the saved draft as the same JSON the import accepts. */
export function ExportButton({ flowId, autosave }: { flowId: string; autosave?: Autosave }) {
  const t = useTranslations('editorTools');
  const client = useTRPCClient();
  const [busy, setBusy] = useState(false);
  return (
    <ToolButton
      label={t('export')}
      title={t('exportHint')}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          // Export reads the server's draft: save the last edits first.
          if (autosave && !(await autosave.flush())) {
            toast.error(t('exportUnsaved'));
            return;
          }
          const data = await client.flows.exportJson.query({ flowId });
          download(`${slugOf(data.name) || 'flujo'}.json`, `${JSON.stringify(data, null, 2)}\n`);
        } catch {
          toast.error(t('exportFailed'));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Download aria-hidden className="size-4" />
    </ToolButton>
  );
}

/** Replaces the draft with a file exported from Cauce; a refused file leaves the draft as it was. */
export function ImportButton({ flowId, autosave }: { flowId: string; autosave: Autosave }) {
  const t = useTranslations('editorTools');
  const client = useTRPCClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > GRAPH_LIMITS.graphBytes) {
      // Said before anything is read or sent: the size is the reason, and retrying will not help.
      toast.error(t('importInvalid'), {
        description: t('importReasons.tooLarge', { mb: String(GRAPH_LIMITS.graphBytes / 1_000_000) }),
        duration: 15_000,
      });
      return;
    }
    if (!window.confirm(t('importConfirm', { file: file.name }))) return;
    setBusy(true);
    try {
      const json = await file.text();
      if (!(await autosave.flush())) {
        toast.error(t('importUnsaved'));
        return;
      }
      await client.flows.importJson.mutate({ flowId, json, baseRevision: autosave.revision.current });
      await autosave.reload();
      toast.success(t('imported', { file: file.name }));
    } catch (err) {
      const code = appCodeOf(err);
      if (code === 'INVALID_IMPORT' && err instanceof TRPCClientError) {
        const reason = importReasonOf(err.message);
        toast.error(t('importInvalid'), {
          description: t(`importReasons.${reason.key}`, reason.params),
          duration: 15_000,
        });
      } else if (code === 'DRAFT_CONFLICT') toast.error(t('importConflict'));
      else toast.error(t('importFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ToolButton
        label={t('import')}
        title={t('importHint')}
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        <Upload aria-hidden className="size-4" />
      </ToolButton>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        className="hidden"
        aria-label={t('importFile')}
        data-testid="import-file"
        onChange={(e) => void onFile(e)}
      />
    </>
  );
}

function ToolButton({
  label,
  title,
  disabled,
  onClick,
  children,
}: {
  label: string;
  title: string;
  disabled?: boolean;
  onClick: () => void | Promise<void>;
  children: ReactNode;
}) {
  return (
    <Button variant="ghost" size="sm" title={title} disabled={disabled} onClick={() => void onClick()}>
      {children}
      <span>{label}</span>
    </Button>
  );
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Firefox needs the URL alive until the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}
