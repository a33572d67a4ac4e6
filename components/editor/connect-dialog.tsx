'use client';

import { useLocale, useTranslations } from 'next-intl';
import { type KeyboardEvent, useId, useMemo, useState } from 'react';
import { toast } from 'sonner';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { connectTargets, portOptions, repointTargets } from './connect-options';
import { filterEntries, NodeOption, searchEntries } from './node-search';
import { useNameOf } from './resource-names';
import { useEditorStore, useEditorStoreApi } from './store/editor-store-provider';
import { nodeTitle } from './use-canvas-a11y';
import { useConnectShortcut } from './use-connect-shortcut';

/**
 * "Conectar…": connects the selected node's output to another node without dragging — choose the
 * output, type to find the target, Enter. Opened from the inspector, the node's toolbar or Alt+C.
 */
export function ConnectDialog({ enabled }: { enabled: boolean }) {
  const t = useTranslations('editorCanvas');
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  const { from, setFrom, source } = useEditorStore(
    useShallow((s) => ({
      from: s.connectingFrom,
      setFrom: s.setConnectingFrom,
      source: s.nodes.find((n) => n.id === s.connectingFrom),
    })),
  );
  const nameOf = useNameOf();
  useConnectShortcut(enabled);
  const close = () => setFrom(null);
  return (
    <Dialog
      open={from !== null}
      onClose={close}
      title={source ? t('connectTitle', { node: nodeTitle(source, locale, nameOf) }) : ''}
      placement="top"
      data-testid="connect-dialog"
    >
      {from ? <ConnectBody key={from} sourceId={from} onDone={close} /> : null}
    </Dialog>
  );
}

function ConnectBody({ sourceId, onDone }: { sourceId: string; onDone: () => void }) {
  const t = useTranslations('editorCanvas');
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  const store = useEditorStoreApi();
  const nameOf = useNameOf();
  const { nodes, edges } = useEditorStore(useShallow((s) => ({ nodes: s.nodes, edges: s.edges })));
  const source = nodes.find((n) => n.id === sourceId);
  const ports = useMemo(() => (source ? portOptions(source, edges, locale) : []), [source, edges, locale]);
  const free = ports.filter((p) => !p.connectedTo);
  // A connected port is offered too: choosing it re-points its edge instead of drawing a second one.
  const [port, setPort] = useState(free[0]?.id ?? ports[0]?.id ?? '');
  const taken = ports.find((p) => p.id === port)?.connectedTo ?? null;
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const entries = useMemo(() => {
    if (!port) return [];
    const g = { nodes, edges };
    const targets = taken ? repointTargets(g, sourceId, port) : connectTargets(g, sourceId, port);
    return searchEntries(targets, locale, nameOf);
  }, [nodes, edges, sourceId, port, taken, locale, nameOf]);
  const results = useMemo(() => filterEntries(entries, query), [entries, query]);
  const current = results[Math.min(active, results.length - 1)];

  // Several outputs to choose from: choosing one comes first; otherwise straight to the target.
  const [focusPort] = useState(free.length !== 1 && ports.length > 1);

  if (!source) return null;
  const title = nodeTitle(source, locale, nameOf);
  const connect = (targetId: string) => {
    const s = store.getState();
    const edge = taken ? s.edges.find((e) => e.source === sourceId && e.sourceHandle === port) : undefined;
    const ok = edge
      ? s.reconnect(edge.id, targetId)
      : s.connect({ source: sourceId, sourceHandle: port, target: targetId, targetHandle: null });
    if (!ok) {
      toast.error(t('connectFailed'));
      return;
    }
    const portLabel = ports.find((p) => p.id === port)?.label ?? port;
    const target = nodeTitle(
      s.nodes.find((n) => n.id === targetId),
      locale,
      nameOf,
    );
    toast.success(t(edge ? 'reconnected' : 'connected', { source: title, port: portLabel, target }));
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
    <div className="space-y-3">
      {ports.length === 0 ? (
        <p className="text-sm text-slate-700">{t('connectNoOutputs')}</p>
      ) : (
        <>
          {free.length === 0 ? <p className="text-sm text-slate-700">{t('connectNoPorts')}</p> : null}
          <Field label={t('connectPort')}>
            {(control) => (
              <Select
                {...control}
                size="sm"
                data-autofocus={focusPort ? true : undefined}
                value={port}
                onChange={(e) => {
                  setPort(e.target.value);
                  setActive(0);
                }}
              >
                {ports.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.connectedTo
                      ? t('connectPortRepoint', {
                          port: p.label,
                          target: nodeTitle(
                            nodes.find((n) => n.id === p.connectedTo),
                            locale,
                            nameOf,
                          ),
                        })
                      : p.label}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label={t('connectTarget')}>
            {(control) => (
              <Input
                {...control}
                size="sm"
                data-autofocus={focusPort ? undefined : true}
                type="text"
                role="combobox"
                aria-expanded={results.length > 0}
                aria-controls={listId}
                aria-autocomplete="list"
                aria-activedescendant={current ? `${listId}-${current.id}` : undefined}
                value={query}
                placeholder={t('connectTargetPlaceholder')}
                onChange={(e) => {
                  setQuery(e.target.value);
                  setActive(0);
                }}
                onKeyDown={onKeyDown}
              />
            )}
          </Field>
          <p className="sr-only" aria-live="polite">
            {t('connectResults', { count: results.length })}
          </p>
          {results.length === 0 ? <p className="text-sm text-slate-600">{t('connectNoTargets')}</p> : null}
          <div
            id={listId}
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
                id={`${listId}-${r.id}`}
                selected={r.id === current?.id}
                onChoose={() => connect(r.id)}
                onHover={() => setActive(results.indexOf(r))}
              />
            ))}
          </div>
        </>
      )}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" size="sm" onClick={onDone}>
          {t('cancel')}
        </Button>
        {ports.length > 0 ? (
          <Button size="sm" disabled={!current} onClick={() => current && connect(current.id)}>
            {t('connectSubmit')}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
