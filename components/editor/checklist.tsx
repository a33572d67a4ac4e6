'use client';

import { useReactFlow } from '@xyflow/react';
import { CircleAlert, CircleCheck, TriangleAlert } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { problemFieldLabel } from './problem-field';
import { useNameOf } from './resource-names';
import { useEditorStore, useEditorStoreApi } from './store/editor-store-provider';
import { nodeTitle } from './use-canvas-a11y';

/** Every problem of the draft; a click selects and centres its node and focuses the field in the inspector. */
export function Checklist() {
  const t = useTranslations('editor');
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  const problems = useEditorStore((s) => s.problems);
  const nodes = useEditorStore((s) => s.nodes);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const nameOf = useNameOf();
  // The first compile waits for the canvas to paint: until it ran, "no problems" would be a guess.
  const validated = useEditorStore((s) => s.validatedAt !== null);
  const pending = useTranslations('editorValidation');
  const store = useEditorStoreApi();
  const rf = useReactFlow();
  const go = (nodeId: string, field: string | null) => {
    const node = store.getState().nodes.find((n) => n.id === nodeId);
    if (!node) return;
    store.getState().focusProblem(nodeId, field);
    const w = node.measured?.width ?? 240;
    const h = node.measured?.height ?? 100;
    void rf.setCenter(node.position.x + w / 2, node.position.y + h / 2, {
      zoom: Math.max(rf.getZoom(), 0.9),
      duration: 300,
    });
  };
  if (!validated) {
    return (
      <p role="status" className="p-4 text-sm text-slate-600" data-testid="checklist-pending">
        {pending('validating')}
      </p>
    );
  }
  if (problems.length === 0) {
    return (
      <p className="flex items-center gap-2 p-4 text-sm text-emerald-800" data-testid="checklist-empty">
        <CircleCheck aria-hidden className="size-4" />
        {t('noProblems')}
      </p>
    );
  }
  return (
    <ul className="space-y-1 p-2" data-testid="checklist" aria-label={t('problems')}>
      {problems.map((p, i) => {
        const Icon = p.severity === 'error' ? CircleAlert : TriangleAlert;
        // The field, named as the inspector labels it: the message says what to change in it.
        const field = p.field
          ? problemFieldLabel(p.field, (key) => (t.has(`fields.${key}`) ? t(`fields.${key}`) : key))
          : null;
        const node = p.nodeId ? byId.get(p.nodeId) : undefined;
        const title = [node ? nodeTitle(node, locale, nameOf) : (p.nodeId ?? t('wholeFlow')), field]
          .filter(Boolean)
          .join(' · ');
        const body = (
          <>
            <Icon
              aria-hidden
              className={`mt-0.5 size-4 shrink-0 ${p.severity === 'error' ? 'text-red-600' : 'text-amber-600'}`}
            />
            <span>
              <span className="block text-xs font-medium text-slate-600" data-testid="problem-node">
                {title}
              </span>
              {p.message[locale]}
            </span>
          </>
        );
        const key = `${p.nodeId}-${p.code}-${p.field}-${i}`;
        return (
          <li key={key}>
            {p.nodeId ? (
              <button
                type="button"
                onClick={() => p.nodeId && go(p.nodeId, p.field ?? null)}
                className="flex w-full items-start gap-2 rounded-md p-2 text-left text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500"
              >
                {body}
              </button>
            ) : (
              <p className="flex items-start gap-2 p-2 text-sm">{body}</p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
