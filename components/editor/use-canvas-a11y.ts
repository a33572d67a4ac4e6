'use client';

import type { AriaLabelConfig } from '@xyflow/react';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useRef } from 'react';
import type { NameOf } from '@/workflows/dsl/node-definition';
import { nodeName } from '@/workflows/kinds/node-name';
import type { FlowEdge, FlowNode } from './graph-convert';
import { useNameOf } from './resource-names';

/** React Flow's screen-reader texts (English by default) from the catalogs. */
export function useFlowAriaLabels(canEdit: boolean): Partial<AriaLabelConfig> {
  const t = useTranslations('editorCanvas.a11y');
  return useMemo(
    () => ({
      'node.a11yDescription.default': canEdit ? t('nodeDescription') : t('nodeDescriptionReadOnly'),
      'node.a11yDescription.keyboardDisabled': t('nodeDescriptionReadOnly'),
      'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }) =>
        t('moved', { direction: t(`directions.${direction}`), x, y }),
      'edge.a11yDescription.default': t('edgeDescription'),
      'controls.ariaLabel': t('controls'),
      'controls.zoomIn.ariaLabel': t('zoomIn'),
      'controls.zoomOut.ariaLabel': t('zoomOut'),
      'controls.fitView.ariaLabel': t('fitView'),
      'controls.interactive.ariaLabel': t('interactive'),
      'minimap.ariaLabel': t('minimap'),
      'handle.ariaLabel': t('handle'),
    }),
    [t, canEdit],
  );
}

/** A node as people read it: the name its designer gave it, or one made of its settings. */
export function nodeTitle(node: FlowNode | undefined, locale: 'es-AR' | 'en', nameOf?: NameOf): string {
  if (!node) return '';
  return nodeName(node.data, locale, nameOf);
}

/**
 * Edges named for screen readers ("Connection from Menu (1 · Info) to Queue") instead of React
 * Flow's "Edge from menu to cola". An edge keeps its object while its two ends keep their data, so
 * dragging a node (new positions every frame) neither re-renders nor re-labels every edge.
 */
export function useEdgeLabels(edges: FlowEdge[], nodes: FlowNode[]): FlowEdge[] {
  const t = useTranslations('editorCanvas');
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  const nameOf = useNameOf();
  const cache = useRef(new WeakMap<FlowEdge, Labelled>());
  const last = useRef<FlowEdge[]>([]);
  const lastLocale = useRef(locale);
  if (lastLocale.current !== locale) {
    cache.current = new WeakMap();
    lastLocale.current = locale;
  }
  return useMemo(() => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const labelled = edges.map((e) => {
      const source = byId.get(e.source);
      const target = byId.get(e.target);
      const hit = cache.current.get(e);
      if (hit && hit.source === source?.data && hit.target === target?.data) return hit.edge;
      const port =
        source?.data.ports.find((p) => p.id === e.sourceHandle)?.label[locale] ?? e.sourceHandle ?? '';
      const ariaLabel = t('edgeLabel', {
        source: nodeTitle(source, locale, nameOf),
        port,
        target: nodeTitle(target, locale, nameOf),
      });
      const edge = { ...e, ariaLabel };
      cache.current.set(e, { source: source?.data, target: target?.data, edge });
      return edge;
    });
    // Same edges as last time (a node was only moved): hand React Flow the same array.
    const prev = last.current;
    if (prev.length === labelled.length && labelled.every((e, i) => e === prev[i])) return prev;
    last.current = labelled;
    return labelled;
  }, [edges, nodes, locale, t, nameOf]);
}

type Labelled = {
  source: FlowNode['data'] | undefined;
  target: FlowNode['data'] | undefined;
  edge: FlowEdge;
};
