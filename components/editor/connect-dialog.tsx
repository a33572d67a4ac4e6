'use client';

import { useLocale, useTranslations } from 'next-intl';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { useShallow } from 'zustand/react/shallow';
import { connectTargets, portOptions } from './connect-options';
import { filterEntries, NodeOption, searchEntries } from './node-search';
import { useNameOf } from './resource-names';
import { useEditorStore, useEditorStoreApi } from './store/editor-store-provider';
import { nodeTitle } from './use-canvas-a11y';
import { useConnectShortcut } from './use-connect-shortcut';

const FIELD = 'mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

/**
 * "Conectar…": connects the selected node's output to another node without dragging — choose the
 * output, type to find the target, Enter. Opened from the inspector, the node's toolbar or Alt+C.
 */
export function ConnectDialog({ enabled }: { enabled: boolean }) {
  const t = useTranslations('editorCanvas');
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { from, setFrom } = useEditorStore(
    useShallow((s) => ({ from: s.connectingFrom, setFrom: s.setConnectingFrom })),
  );
  useConnectShortcut(enabled);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (from && !d.open) {
      d.showModal();
      // showModal focuses the first control; the body marks the one to start from instead.
      d.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    } else if (!from && d.open) d.close();
  }, [from]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onClose={() => setFrom(null)}
      className="mx-auto mt-24 w-[34rem] max-w-full rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      data-testid="connect-dialog"
    >
      {from ? (
        <ConnectBody
          key={from}
          sourceId={from}
          titleId={titleId}
          onDone={() => dialog.current?.close()}
          cancelLabel={t('cancel')}
        />
      ) : null}
    </dialog>
  );
}

function ConnectBody({
  sourceId,
  titleId,
  onDone,
  cancelLabel,
}: {
  sourceId: string;
  titleId: string;
  onDone: () => void;
  cancelLabel: string;
}) {
  const t = useTranslations('editorCanvas');
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  const store = useEditorStoreApi();
  const nameOf = useNameOf();
  const { nodes, edges } = useEditorStore(useShallow((s) => ({ nodes: s.nodes, edges: s.edges })));
  const source = nodes.find((n) => n.id === sourceId);
  const ports = useMemo(() => (source ? portOptions(source, edges, locale) : []), [source, edges, locale]);
  const free = ports.filter((p) => !p.connectedTo);
  const [port, setPort] = useState(free[0]?.id ?? '');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const ids = { port: useId(), search: useId(), list: useId() };
  const entries = useMemo(
    () => (port ? searchEntries(connectTargets({ nodes, edges }, sourceId, port), locale, nameOf) : []),
    [nodes, edges, sourceId, port, locale, nameOf],
  );
  const results = useMemo(() => filterEntries(entries, query), [entries, query]);
  const current = results[Math.min(active, results.length - 1)];

  // Several free outputs: choosing one comes first; otherwise straight to the target.
  const [focusPort] = useState(free.length > 1);

  if (!source) return null;
  const title = nodeTitle(source, locale);
  const connect = (targetId: string) => {
    const s = store.getState();
    const ok = s.connect({ source: sourceId, sourceHandle: port, target: targetId, targetHandle: null });
    if (!ok) {
      toast.error(t('connectFailed'));
      return;
    }
    const portLabel = ports.find((p) => p.id === port)?.label ?? port;
    const target = nodeTitle(
      s.nodes.find((n) => n.id === targetId),
      locale,
    );
    toast.success(t('connected', { source: title, port: portLabel, target }));
    onDone();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, results.length - 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter' && current) connect(current.id);
    else return;
    e.preventDefault();
  };
  return (
    <div className="space-y-3 p-4">
      <h2 id={titleId} className="font-semibold text-slate-900">
        {t('connectTitle', { node: title })}
      </h2>
      {free.length === 0 ? (
        <p className="text-sm text-slate-700">{t('connectNoPorts')}</p>
      ) : (
        <>
          <div>
            <label htmlFor={ids.port} className="text-sm font-medium text-slate-800">
              {t('connectPort')}
            </label>
            <select
              id={ids.port}
              data-autofocus={focusPort ? true : undefined}
              value={port}
              onChange={(e) => {
                setPort(e.target.value);
                setActive(0);
              }}
              className={FIELD}
            >
              {ports.map((p) => (
                <option key={p.id} value={p.id} disabled={p.connectedTo !== null}>
                  {p.connectedTo
                    ? t('connectPortTaken', {
                        port: p.label,
                        target: nodeTitle(
                          nodes.find((n) => n.id === p.connectedTo),
                          locale,
                        ),
                      })
                    : p.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={ids.search} className="text-sm font-medium text-slate-800">
              {t('connectTarget')}
            </label>
            <input
              id={ids.search}
              data-autofocus={focusPort ? undefined : true}
              type="text"
              role="combobox"
              aria-expanded={results.length > 0}
              aria-controls={ids.list}
              aria-autocomplete="list"
              aria-activedescendant={current ? `${ids.list}-${current.id}` : undefined}
              value={query}
              placeholder={t('connectTargetPlaceholder')}
              onChange={(e) => {
                setQuery(e.target.value);
                setActive(0);
              }}
              onKeyDown={onKeyDown}
              className={FIELD}
            />
          </div>
          <p className="sr-only" aria-live="polite">
            {t('connectResults', { count: results.length })}
          </p>
          {results.length === 0 ? <p className="text-sm text-slate-600">{t('connectNoTargets')}</p> : null}
          <div
            id={ids.list}
            role="listbox"
            aria-label={t('connectTargets')}
            hidden={results.length === 0}
            className="max-h-64 overflow-y-auto"
            data-testid="connect-targets"
          >
            {results.map((r) => (
              <NodeOption
                key={r.id}
                entry={r}
                id={`${ids.list}-${r.id}`}
                selected={r.id === current?.id}
                onChoose={() => connect(r.id)}
                onHover={() => setActive(results.indexOf(r))}
              />
            ))}
          </div>
        </>
      )}
      <div className="flex justify-end gap-2">
        <button
          type="button"
          onClick={onDone}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
        >
          {cancelLabel}
        </button>
        {free.length > 0 ? (
          <button
            type="button"
            disabled={!current}
            onClick={() => current && connect(current.id)}
            className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:bg-slate-300 disabled:text-slate-700"
          >
            {t('connectSubmit')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
