'use client';

import { type NodeChange, Panel } from '@xyflow/react';
import { X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '@/components/ui/button';
import type { GraphDiff } from './diff';
import { DIFF_STYLE, diffCanvas, versionOnCanvas } from './diff-canvas';
import type { FlowEdge, FlowNode } from './graph-convert';
import { useEditorStore } from './store/editor-store-provider';

/**
 * The canvas's nodes and edges, with the comparison drawn in when one is active. Changes React Flow
 * reports for ghosts (their measured size) stay out of the store: they are not part of the draft.
 * Comparing two versions shows the newer one, read-only, instead of the draft; the store (the draft)
 * receives nothing from the canvas then.
 */
export function useCanvasGraph(
  nodes: FlowNode[],
  edges: FlowEdge[],
  onNodesChange: (changes: NodeChange<FlowNode>[]) => void,
) {
  const { base, target } = useEditorStore(useShallow((s) => ({ base: s.diffBase, target: s.diffTarget })));
  return useMemo(() => {
    if (!base) return { nodes, edges, diff: null, onNodesChange };
    if (target) {
      const version = versionOnCanvas(target);
      return { ...diffCanvas(base, version.nodes, version.edges), onNodesChange: ignoreChanges };
    }
    const shown = diffCanvas(base, nodes, edges);
    const real = new Set(nodes.map((n) => n.id));
    return {
      ...shown,
      onNodesChange: (changes: NodeChange<FlowNode>[]) => {
        const own = changes.filter((c) => c.type === 'add' || real.has(c.id));
        if (own.length > 0) onNodesChange(own);
      },
    };
  }, [base, target, nodes, edges, onNodesChange]);
}

const ignoreChanges = () => {};

export function DiffLegend({ diff }: { diff: GraphDiff }) {
  const t = useTranslations('editorTools');
  const versions = useTranslations('editorVersions');
  const { base, target, setDiffBase } = useEditorStore(
    useShallow((s) => ({ base: s.diffBase, target: s.diffTarget, setDiffBase: s.setDiffBase })),
  );
  if (!base) return null;
  const rows = [
    { mark: 'added', count: diff.added.length },
    { mark: 'changed', count: diff.changed.length },
    { mark: 'removed', count: diff.removed.length },
  ] as const;
  return (
    <Panel position="top-center">
      <section
        aria-label={t('diffLegend')}
        data-testid="diff-legend"
        className="flex items-center gap-4 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow"
      >
        <div>
          <p className="font-medium">
            {target
              ? versions('diffTitle', { base: base.version, target: target.version })
              : t('diffTitle', { version: base.version })}
          </p>
          {target ? <p className="text-xs text-slate-600">{versions('readOnly')}</p> : null}
        </div>
        <ul className="flex items-center gap-3">
          {rows.map((r) => (
            <li key={r.mark} className="flex items-center gap-1" data-testid={`diff-count-${r.mark}`}>
              <span aria-hidden className={`inline-block size-3 rounded-sm ${DIFF_STYLE[r.mark].swatch}`} />
              {t(`diffMarks.${r.mark}`)}: {r.count}
            </li>
          ))}
          <li className="text-slate-600">
            {t('diffEdges', { added: diff.edges.added.length, removed: diff.edges.removed.length })}
          </li>
        </ul>
        <Button variant="secondary" size="sm" onClick={() => setDiffBase(null)}>
          <X aria-hidden className="size-4" />
          {t('diffExit')}
        </Button>
      </section>
    </Panel>
  );
}
