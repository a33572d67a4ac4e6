'use client';

import { useReactFlow } from '@xyflow/react';
import { Search, StickyNote } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { type DragEvent, useId, useState } from 'react';
import { CATEGORIES, definitionsByCategory, iconOf } from './node-catalog';
import { useEditorStoreApi } from './store/editor-store-provider';

export const DRAG_TYPE = 'application/x-cauce-node';
/** Dragging «Nota» from the palette: a note is not a node kind. */
export const NOTE_DRAG_TYPE = 'application/x-cauce-note';
const BY_CATEGORY = definitionsByCategory();

/** Node kinds by category: drag one onto the canvas, or press it to add it after the selected node. */
export function Palette() {
  const t = useTranslations('editor');
  const canvasT = useTranslations('editorCanvas');
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  const store = useEditorStoreApi();
  const rf = useReactFlow();
  const [query, setQuery] = useState('');
  const searchId = useId();
  const q = normalize(query);
  const center = () => {
    const canvas = document.querySelector('.react-flow')?.getBoundingClientRect();
    return canvas
      ? rf.screenToFlowPosition({
          x: canvas.left + canvas.width / 2 - 120,
          y: canvas.top + canvas.height / 3,
        })
      : { x: 0, y: 0 };
  };
  const add = (kind: string) => {
    const s = store.getState();
    const selected = s.nodes.filter((n) => n.selected);
    const after = selected.length === 1 ? (selected[0]?.id ?? null) : null;
    s.addNode(kind, after ? { after } : { position: center() });
  };
  const showNote = !q || normalize(`${canvasT('paletteNote')} ${canvasT('paletteNoteHint')}`).includes(q);
  const onDragStart = (e: DragEvent, kind: string) => {
    e.dataTransfer.setData(DRAG_TYPE, kind);
    e.dataTransfer.effectAllowed = 'move';
  };
  return (
    <nav aria-label={t('palette')} className="flex h-full flex-col">
      <label htmlFor={searchId} className="sr-only">
        {t('paletteSearch')}
      </label>
      <div className="relative m-2">
        <Search aria-hidden className="absolute top-2.5 left-2 size-4 text-slate-500" />
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('paletteSearch')}
          className="w-full rounded-md border border-slate-300 py-1.5 pr-2 pl-8 text-sm"
        />
      </div>
      <p className="px-3 pb-1 text-xs text-slate-600">{t('paletteHelp')}</p>
      <p className="px-3 pb-2 text-xs text-slate-600">{canvasT('clipboardHelp')}</p>
      <div className="flex-1 overflow-y-auto px-2 pb-4">
        {CATEGORIES.map((category) => {
          const defs = (BY_CATEGORY.get(category) ?? []).filter(
            (d) => !q || normalize(`${d.title[locale]} ${d.description[locale]} ${d.kind}`).includes(q),
          );
          if (defs.length === 0) return null;
          return (
            <section key={category} className="mb-3">
              <h3 className="px-1 pb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">
                {t(`categories.${category}`)}
              </h3>
              <ul className="space-y-1">
                {defs.map((d) => {
                  const Icon = iconOf(d.kind);
                  return (
                    <li key={d.kind}>
                      <button
                        type="button"
                        draggable
                        onDragStart={(e) => onDragStart(e, d.kind)}
                        onClick={() => add(d.kind)}
                        title={d.description[locale]}
                        data-testid={`palette-${d.kind}`}
                        className="flex w-full cursor-grab items-center gap-2 rounded-md border border-slate-200 bg-white px-2 py-1.5 text-left text-sm hover:border-brand-500 focus-visible:outline-2 focus-visible:outline-brand-500"
                      >
                        <Icon aria-hidden className="size-4 shrink-0 text-slate-600" />
                        {d.title[locale]}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}
        {showNote ? (
          <section className="mb-3">
            <h3 className="px-1 pb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">
              {canvasT('paletteNotes')}
            </h3>
            <button
              type="button"
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData(NOTE_DRAG_TYPE, 'note');
                e.dataTransfer.effectAllowed = 'move';
              }}
              onClick={() => store.getState().addNote(center())}
              title={canvasT('paletteNoteHint')}
              data-testid="palette-note"
              className="flex w-full cursor-grab items-center gap-2 rounded-md border border-slate-200 bg-white px-2 py-1.5 text-left text-sm hover:border-brand-500 focus-visible:outline-2 focus-visible:outline-brand-500"
            >
              <StickyNote aria-hidden className="size-4 shrink-0 text-slate-600" />
              {canvasT('paletteNote')}
            </button>
          </section>
        ) : null}
      </div>
    </nav>
  );
}

function normalize(s: string): string {
  return s
    .toLocaleLowerCase('es-AR')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .trim();
}
