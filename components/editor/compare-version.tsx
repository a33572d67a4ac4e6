'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useShallow } from 'zustand/react/shallow';
import { useTRPC } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import { useEditorStore, useEditorStoreApi } from './store/editor-store-provider';
import type { DiffBase } from './store/types';
import { DRAFT, type Side } from './version-pair';

export type CompareVersion = ReturnType<typeof useCompareVersion>;

/** Loads the versions' stored graphs and puts the canvas in diff mode: a version against the draft or another version. */
export function useCompareVersion(flowId: string) {
  const t = useTranslations('editorTools');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const store = useEditorStoreApi();
  const { current, setDiffBase } = useEditorStore(
    useShallow((s) => ({
      // The per-row buttons toggle a comparison with the draft only.
      current: s.diffTarget === null ? (s.diffBase?.version ?? null) : null,
      setDiffBase: s.setDiffBase,
    })),
  );
  const [loading, setLoading] = useState<number | null>(null);
  // Published versions never change: cache them for the whole session.
  const load = (version: number): Promise<DiffBase> =>
    queryClient
      .fetchQuery({
        ...trpc.flows.version.queryOptions({ flowId, version }),
        staleTime: Number.POSITIVE_INFINITY,
      })
      .then((v) => ({ version: v.version, graph: v.graph }));
  const compare = async (base: number, target: Side) => {
    setLoading(base);
    try {
      const [older, newer] = await Promise.all([load(base), target === DRAFT ? null : load(target)]);
      const s = store.getState();
      if (newer) {
        // The draft leaves the canvas while two versions are shown: a selection left on it would
        // still answer Delete or the inspector without being visible.
        const selected = s.nodes.filter((n) => n.selected);
        if (selected.length > 0) {
          s.onNodesChange(selected.map((n) => ({ type: 'select', id: n.id, selected: false })));
        }
      }
      s.setComparison(older, newer);
    } catch {
      toast.error(t('diffFailed'));
    } finally {
      setLoading(null);
    }
  };
  return {
    current,
    loading,
    start: (version: number) => compare(version, DRAFT),
    compare,
    stop: () => setDiffBase(null),
  };
}

export function CompareButton({ version, compare }: { version: number; compare: CompareVersion }) {
  const t = useTranslations('editorTools');
  const active = compare.current === version;
  return (
    <Button
      variant="link"
      size="xs"
      className="mr-3 mt-1"
      disabled={compare.loading !== null}
      // The visible text stays short; the name says which version, as every row has one.
      aria-label={active ? t('diffExit') : t('compareWithDraftNamed', { version })}
      onClick={() => (active ? compare.stop() : void compare.start(version))}
    >
      {active ? t('diffExit') : t('compareWithDraft')}
    </Button>
  );
}
