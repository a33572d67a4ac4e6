'use client';

import { Trash2 } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '@/components/ui/button';
import { useNameOf } from './resource-names';
import { useEditorStore } from './store/editor-store-provider';
import { nodeTitle } from './use-canvas-a11y';

/** A selected connection: where it goes, and a button to delete it (the Delete key does too). */
export function EdgeInspector({ edgeId, readOnly }: { edgeId: string; readOnly: boolean }) {
  const t = useTranslations('editorCanvas');
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  const nameOf = useNameOf();
  const { edge, source, target, deleteSelected } = useEditorStore(
    useShallow((s) => {
      const edge = s.edges.find((e) => e.id === edgeId);
      return {
        edge,
        source: s.nodes.find((n) => n.id === edge?.source),
        target: s.nodes.find((n) => n.id === edge?.target),
        deleteSelected: s.deleteSelected,
      };
    }),
  );
  if (!edge) return null;
  const port =
    source?.data.ports.find((p) => p.id === edge.sourceHandle)?.label[locale] ?? edge.sourceHandle ?? '';
  return (
    <section aria-label={t('edgeSelected')} className="space-y-3 p-4" data-testid="edge-inspector">
      <h2 className="font-semibold text-slate-900">{t('edgeSelected')}</h2>
      <p className="text-sm text-slate-700">
        {t('edgeSummary', {
          source: nodeTitle(source, locale, nameOf),
          port,
          target: nodeTitle(target, locale, nameOf),
        })}
      </p>
      {readOnly ? null : (
        <>
          <Button variant="danger" size="sm" onClick={deleteSelected}>
            <Trash2 aria-hidden className="size-4" />
            {t('deleteEdge')}
          </Button>
          <p className="text-xs text-slate-600">{t('edgeHelp')}</p>
        </>
      )}
    </section>
  );
}
