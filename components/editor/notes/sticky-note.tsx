'use client';

import { type NodeProps, NodeResizer } from '@xyflow/react';
import { Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { createContext, memo, useContext } from 'react';
import { Button } from '@/components/ui/button';
import { NOTE_COLORS, type NoteColor } from '@/workflows/dsl/graph';
import type { NoteNode } from '../graph-convert';
import { useEditorStore, useEditorStoreApi } from '../store/editor-store-provider';

/** Whether the canvas may be edited (false for viewers): notes read it instead of a prop per node. */
export const CanvasEditableContext = createContext(false);

const NOTE_STYLE: Record<NoteColor, { note: string; swatch: string }> = {
  yellow: { note: 'border-amber-300 bg-amber-100', swatch: 'bg-amber-300' },
  blue: { note: 'border-sky-300 bg-sky-100', swatch: 'bg-sky-300' },
  green: { note: 'border-emerald-300 bg-emerald-100', swatch: 'bg-emerald-300' },
  pink: { note: 'border-pink-300 bg-pink-100', swatch: 'bg-pink-300' },
};

function StickyNoteView({ id, data, selected }: NodeProps<NoteNode>) {
  const t = useTranslations('editorCanvas');
  const editable = useContext(CanvasEditableContext);
  const updateNote = useEditorStore((s) => s.updateNote);
  const store = useEditorStoreApi();
  const color = data.color ?? 'yellow';
  const remove = () => {
    const s = store.getState();
    s.onNotesChange([{ type: 'remove', id }]);
  };
  return (
    <div
      className={`flex h-full w-full flex-col rounded-md border shadow-sm ${NOTE_STYLE[color].note} ${selected ? 'ring-2 ring-brand-500' : ''}`}
      data-testid={`note-${id}`}
      data-color={color}
    >
      {editable ? <NodeResizer isVisible={selected} minWidth={120} minHeight={80} color="#2563eb" /> : null}
      <div className="flex min-h-7 cursor-move items-center justify-between gap-1 px-2 pt-1 text-xs font-medium text-slate-800">
        <span>{t('note')}</span>
        {editable && selected ? (
          <span className="flex items-center gap-1">
            {NOTE_COLORS.map((c) => (
              <button
                key={c}
                type="button"
                aria-label={t('noteColor', { color: t(`noteColors.${c}`) })}
                title={t(`noteColors.${c}`)}
                aria-pressed={c === color}
                onClick={() => updateNote(id, { color: c })}
                className={`nodrag size-4 rounded-full border border-slate-500 ${NOTE_STYLE[c].swatch} aria-pressed:ring-2 aria-pressed:ring-slate-800`}
              />
            ))}
            <Button
              variant="ghost"
              size="icon-sm"
              aria-label={t('deleteNote')}
              title={t('deleteNote')}
              onClick={remove}
              className="nodrag ml-1"
            >
              <Trash2 aria-hidden className="size-3.5" />
            </Button>
          </span>
        ) : null}
      </div>
      <textarea
        aria-label={t('noteText')}
        value={data.text}
        readOnly={!editable}
        maxLength={5000}
        placeholder={editable ? t('notePlaceholder') : undefined}
        onChange={(e) => updateNote(id, { text: e.target.value })}
        className="nodrag nowheel min-h-0 flex-1 resize-none bg-transparent px-2 pb-2 text-sm text-slate-900 outline-none placeholder:text-slate-600 focus-visible:bg-white/40"
      />
    </div>
  );
}

export const StickyNote = memo(StickyNoteView);
