'use client';

import { NodeToolbar, Position } from '@xyflow/react';
import { Cable } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { useEditorStore } from './store/editor-store-provider';

/** Above the one selected node: «Conectar…», the keyboard way to draw a connection. */
export function SelectionToolbar() {
  const t = useTranslations('editorCanvas');
  const nodeId = useEditorStore((s) => {
    let found: string | null = null;
    for (const n of s.nodes) {
      if (!n.selected) continue;
      if (found) return null;
      found = n.data.ports.length > 0 ? n.id : null;
      if (!found) return null;
    }
    return found;
  });
  const setConnectingFrom = useEditorStore((s) => s.setConnectingFrom);
  if (!nodeId) return null;
  return (
    <NodeToolbar nodeId={nodeId} isVisible position={Position.Top} offset={6}>
      <Button
        variant="secondary"
        size="xs"
        title={t('connectHint')}
        aria-keyshortcuts="Alt+C"
        onClick={() => setConnectingFrom(nodeId)}
        className="shadow-sm"
      >
        <Cable aria-hidden className="size-3.5" />
        {t('connect')}
      </Button>
    </NodeToolbar>
  );
}
