'use client';

import { useReactFlow } from '@xyflow/react';
import { Search } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { type KeyboardEvent, useEffect, useId, useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import type { NameOf } from '@/workflows/dsl/node-definition';
import { nodeName } from '@/workflows/kinds/node-name';
import { findNodeDefinition } from '@/workflows/kinds/registry';
import type { FlowNode } from './graph-convert';
import { DEFAULT_WIDTH, estimatedHeight } from './layout';
import { iconOf } from './node-catalog';
import { useNameOf } from './resource-names';
import { useEditorStore, useEditorStoreApi } from './store/editor-store-provider';

type SearchEntry = { id: string; kind: string; title: string; label: string; summary: string };

export function searchEntries(
  nodes: readonly FlowNode[],
  locale: 'es-AR' | 'en',
  nameOf?: NameOf,
): SearchEntry[] {
  return nodes.map((n) => {
    const def = findNodeDefinition(n.data.kind);
    const parsed = def?.schema.safeParse(n.data.config);
    return {
      id: n.id,
      kind: n.data.kind,
      title: def?.title[locale] ?? n.data.kind,
      label: nodeName(n.data, locale, nameOf),
      summary: def && parsed?.success ? def.summary(parsed.data, locale, nameOf) : '',
    };
  });
}

/** Every word typed must appear in the title, label, summary or id; accents and case do not matter. */
export function filterEntries(entries: readonly SearchEntry[], query: string): SearchEntry[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...entries];
  return entries.filter((e) => {
    const text = fold(`${e.label} ${e.title} ${e.summary} ${e.id}`);
    return words.every((w) => text.includes(w));
  });
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** Toolbar button plus Ctrl+K (⌘K): a dialog to find a node by what it says and jump to it. */
export function NodeSearch() {
  const t = useTranslations('editorTools');
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        // Also from inside a form field: Ctrl+K has no text-editing meaning there.
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <Button
        variant="ghost"
        size="icon"
        aria-label={t('search')}
        title={t('search')}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <Search aria-hidden className="size-4" />
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={t('searchTitle')} placement="top">
        {open ? <SearchBody onDone={() => setOpen(false)} /> : null}
      </Dialog>
    </>
  );
}

function SearchBody({ onDone }: { onDone: () => void }) {
  const t = useTranslations('editorTools');
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  const nodes = useEditorStore((s) => s.nodes);
  const store = useEditorStoreApi();
  const rf = useReactFlow();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const nameOf = useNameOf();
  const entries = useMemo(() => searchEntries(nodes, locale, nameOf), [nodes, locale, nameOf]);
  const results = useMemo(() => filterEntries(entries, query), [entries, query]);
  const current = results[Math.min(active, results.length - 1)];

  const choose = (id: string) => {
    const s = store.getState();
    const node = s.nodes.find((n) => n.id === id);
    if (!node) return;
    s.select([id]);
    s.setPanel('inspector');
    onDone();
    const width = node.measured?.width ?? DEFAULT_WIDTH;
    const height = node.measured?.height ?? estimatedHeight(node.data.ports.length);
    void rf.setCenter(node.position.x + width / 2, node.position.y + height / 2, {
      zoom: Math.max(rf.getZoom(), 1),
      duration: 300,
    });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, results.length - 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Home') setActive(0);
    else if (e.key === 'End') setActive(results.length - 1);
    else if (e.key === 'Enter' && current) choose(current.id);
    else return;
    e.preventDefault();
  };
  return (
    <div>
      {/* The dialog's title says it on screen; the field is named the same for screen readers. */}
      <Input
        aria-label={t('searchTitle')}
        data-autofocus
        type="text"
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls={results.length > 0 ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={current ? `${listId}-${current.id}` : undefined}
        value={query}
        placeholder={t('searchPlaceholder')}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        className="w-full"
      />
      <p className="sr-only" aria-live="polite">
        {t('searchResults', { count: results.length })}
      </p>
      {results.length === 0 ? (
        <p className="mt-2 px-2 py-1.5 text-sm text-slate-600">{t('noResults')}</p>
      ) : null}
      <div
        hidden={results.length === 0}
        id={listId}
        role="listbox"
        aria-label={t('searchResultsLabel')}
        className="mt-2 max-h-80 overflow-y-auto"
        data-testid="node-search-results"
      >
        {results.map((r) => (
          <NodeOption
            key={r.id}
            entry={r}
            id={`${listId}-${r.id}`}
            selected={r.id === current?.id}
            onChoose={() => choose(r.id)}
            onHover={() => setActive(results.indexOf(r))}
          />
        ))}
      </div>
    </div>
  );
}

/** One node in a listbox of nodes (search, connect): icon, label or title, and its summary. */
export function NodeOption(props: {
  entry: SearchEntry;
  id: string;
  selected: boolean;
  onChoose: () => void;
  onHover: () => void;
}) {
  const { entry: r, selected } = props;
  const Icon = iconOf(r.kind);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keyboard (aria-activedescendant).
    <div
      id={props.id}
      tabIndex={-1}
      role="option"
      aria-selected={selected}
      onClick={props.onChoose}
      onMouseMove={props.onHover}
      className={`flex cursor-pointer items-start gap-2 rounded px-2 py-1.5 text-sm ${selected ? 'bg-brand-50 text-brand-900' : ''}`}
    >
      <Icon aria-hidden className="mt-0.5 size-4 shrink-0 text-slate-600" />
      <span className="min-w-0">
        <span className="block truncate font-medium">{r.label || r.title}</span>
        <span className="block truncate text-xs text-slate-600">
          {r.label ? `${r.title} · ` : ''}
          {r.summary || r.id}
        </span>
      </span>
    </div>
  );
}
