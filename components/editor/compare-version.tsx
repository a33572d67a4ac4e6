'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { toast } from 'sonner';
import { useShallow } from 'zustand/react/shallow';
import { useTRPC } from '@/components/trpc/client';
import { useEditorStore } from './store/editor-store-provider';

export type CompareVersion = ReturnType<typeof useCompareVersion>;

/** Loads a version's stored graph and puts the canvas in diff mode against the draft. */
export function useCompareVersion(flowId: string) {
  const t = useTranslations('editorTools');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { current, setDiffBase } = useEditorStore(
    useShallow((s) => ({ current: s.diffBase?.version ?? null, setDiffBase: s.setDiffBase })),
  );
  const [loading, setLoading] = useState<number | null>(null);
  const start = async (version: number) => {
    setLoading(version);
    try {
      // Published versions never change: cache them for the whole session.
      const v = await queryClient.fetchQuery({
        ...trpc.flows.version.queryOptions({ flowId, version }),
        staleTime: Number.POSITIVE_INFINITY,
      });
      setDiffBase({ version: v.version, graph: v.graph });
    } catch {
      toast.error(t('diffFailed'));
    } finally {
      setLoading(null);
    }
  };
  return { current, loading, start, stop: () => setDiffBase(null) };
}

export function CompareButton({ version, compare }: { version: number; compare: CompareVersion }) {
  const t = useTranslations('editorTools');
  const active = compare.current === version;
  return (
    <button
      type="button"
      className="mr-3 mt-1 text-xs text-brand-700 hover:underline"
      disabled={compare.loading !== null}
      // The visible text stays short; the name says which version, as every row has one.
      aria-label={active ? t('diffExit') : t('compareWithDraftNamed', { version })}
      onClick={() => (active ? compare.stop() : void compare.start(version))}
    >
      {active ? t('diffExit') : t('compareWithDraft')}
    </button>
  );
}
