'use client';

import { useReactFlow } from '@xyflow/react';
import { ClipboardPaste, Copy, StickyNote } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { useEditorStoreApi } from './store/editor-store-provider';
import { useCanvasClipboard } from './use-canvas-clipboard';

/** Toolbar: «Nota», copy and paste (the same as Ctrl+C / Ctrl+V, which this also listens to). */
export function EditingTools({ flowId, canEdit }: { flowId: string; canEdit: boolean }) {
  const t = useTranslations('editorCanvas');
  const store = useEditorStoreApi();
  const rf = useReactFlow();
  const { copy, paste } = useCanvasClipboard({ flowId, canEdit });
  const addNote = () => {
    const box = document.querySelector('.react-flow')?.getBoundingClientRect();
    const position = box
      ? rf.screenToFlowPosition({ x: box.left + box.width / 2 - 110, y: box.top + box.height / 3 })
      : { x: 0, y: 0 };
    store.getState().addNote(position);
  };
  return (
    <>
      {canEdit ? (
        <Tool label={t('addNote')} title={t('addNoteHint')} onClick={addNote} showLabel>
          <StickyNote aria-hidden className="size-4" />
        </Tool>
      ) : null}
      <Tool label={t('copy')} title={t('copy')} onClick={copy} shortcut="Control+C">
        <Copy aria-hidden className="size-4" />
      </Tool>
      {canEdit ? (
        <Tool label={t('paste')} title={t('paste')} onClick={() => void paste()} shortcut="Control+V">
          <ClipboardPaste aria-hidden className="size-4" />
        </Tool>
      ) : null}
    </>
  );
}

function Tool({
  label,
  title,
  onClick,
  showLabel,
  shortcut,
  children,
}: {
  label: string;
  title: string;
  onClick: () => void;
  showLabel?: boolean;
  shortcut?: string;
  children: ReactNode;
}) {
  return (
    <Button
      variant="ghost"
      size="sm"
      title={title}
      aria-label={showLabel ? undefined : label}
      aria-keyshortcuts={shortcut}
      onClick={onClick}
    >
      {children}
      {showLabel ? <span>{label}</span> : null}
    </Button>
  );
}
