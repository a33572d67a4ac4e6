'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import type { FlowGraph } from '@/workflows/dsl/graph';
import { CompareButton, useCompareVersion } from './compare-version';
import { CompareVersionsForm } from './compare-versions-form';
import { fromFlowGraph } from './graph-convert';
import type { EditorStore } from './store/create-editor-store';
import { useEditorStoreApi } from './store/editor-store-provider';
import { appCodeOf } from './use-autosave';

type Autosave = { flush: () => Promise<boolean>; revision: { current: number } };

export function VersionsPanel({
  flowId,
  readOnly,
  autosave,
}: {
  flowId: string;
  readOnly: boolean;
  /** The editor's autosave: a rollback saves pending edits first and restores the draft from its revision. */
  autosave?: Autosave;
}) {
  const t = useTranslations('editor');
  const format = useFormatter();
  const trpc = useTRPC();
  const versions = useQuery(trpc.flows.versions.queryOptions({ flowId }));
  const compare = useCompareVersion(flowId);
  const rollback = useRollback(flowId, autosave);
  const rows = versions.data ?? [];
  if (versions.isPending) return <p className="p-4 text-sm text-slate-600">{t('loading')}</p>;
  if (rows.length === 0) return <p className="p-4 text-sm text-slate-600">{t('noVersions')}</p>;
  const latest = rows[0]?.version;
  return (
    <div>
      <CompareVersionsForm versions={rows.map((v) => v.version)} compare={compare} />
      <ol className="divide-y divide-slate-100 p-2" data-testid="versions">
        {rows.map((v) => (
          <li key={v.id} className="p-2 text-sm" data-testid={`version-${v.version}`}>
            <p className="font-medium">
              {t('versionLabel', { version: v.version })}
              {v.version === latest ? (
                <Badge tone="success" className="ml-2">
                  {t('current')}
                </Badge>
              ) : null}
            </p>
            {v.rolledBackFrom ? (
              <p className="text-slate-600">{t('restoresVersion', { version: v.rolledBackFrom })}</p>
            ) : null}
            {v.note ? <p className="text-slate-700">{v.note}</p> : null}
            <p className="text-xs text-slate-600">
              {format.dateTime(v.createdAt, { dateStyle: 'short', timeStyle: 'short' })}
              {v.authorName ? ` · ${v.authorName}` : ''}
            </p>
            <CompareButton version={v.version} compare={compare} />
            {readOnly || !autosave || v.version === latest ? null : (
              <Button
                variant="link"
                size="xs"
                className="mt-1"
                disabled={rollback.pending}
                onClick={() => void rollback.run(v.version)}
              >
                {t('rollback', { version: v.version })}
              </Button>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * «Volver a la versión N»: republishes it and brings the canvas back to it. Pending edits are saved
 * first and the draft they formed stays one Ctrl+Z away, so a rollback loses nothing.
 */
function useRollback(flowId: string, autosave: Autosave | undefined) {
  const t = useTranslations('editorVersions');
  const editor = useTranslations('editor');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const store = useEditorStoreApi();
  const [pending, setPending] = useState(false);
  const run = async (version: number) => {
    if (!autosave || !window.confirm(t('rollbackConfirm', { version }))) return;
    setPending(true);
    try {
      if (!(await autosave.flush())) {
        toast.error(t('rollbackUnsaved'));
        return;
      }
      const row = await client.flows.rollback.mutate({
        flowId,
        version,
        baseRevision: autosave.revision.current,
      });
      autosave.revision.current = row.draftRevision;
      store.getState().setDiffBase(null);
      restoreDraft(store, row.graph);
      toast.success(t('rolledBack', { version, current: row.version }));
      await queryClient.invalidateQueries({ queryKey: trpc.flows.versions.queryKey({ flowId }) });
    } catch (err) {
      toast.error(appCodeOf(err) === 'DRAFT_CONFLICT' ? t('rollbackConflict') : editor('actionFailed'));
    } finally {
      setPending(false);
    }
  };
  return { pending, run };
}

/** The restored version becomes the canvas's graph as one undoable step. */
function restoreDraft(store: EditorStore, graph: FlowGraph) {
  const s = store.getState();
  s.record();
  // Sizes already measured are kept, so nodes that stay do not flash invisible while re-measured.
  const measured = new Map(s.nodes.map((n) => [n.id, n.measured]));
  const restored = fromFlowGraph(graph);
  store.setState({
    ...restored,
    nodes: restored.nodes.map((n) => {
      const size = measured.get(n.id);
      return size ? { ...n, measured: size } : n;
    }),
  });
}
