'use client';

import { type KeyboardEvent, type ReactNode, useId, useRef } from 'react';
import { type TabOrientation, tabKeyTarget } from './tab-keys';

export type TabItem<Id extends string> = { id: Id; label: ReactNode };

/**
 * WAI-ARIA tabs: one tab stop for the whole tablist (roving tabindex), arrows move between tabs
 * and wrap, Home/End jump to the ends. With `activation="automatic"` (the default) moving selects,
 * so the panel follows focus; `manual` waits for Enter or Space, for panels that are slow to show.
 * Renders the tablist and the selected tab's panel side by side, with no wrapper, so the caller's
 * flex layout holds; only the selected panel is rendered (`children`).
 */
export function Tabs<Id extends string>({
  label,
  items,
  value,
  onChange,
  activation = 'automatic',
  orientation = 'horizontal',
  stretch = false,
  listClassName = '',
  panelClassName = '',
  children,
}: {
  /** The tablist's accessible name. */
  label: string;
  items: readonly TabItem<Id>[];
  value: Id;
  onChange: (id: Id) => void;
  activation?: 'automatic' | 'manual';
  orientation?: TabOrientation;
  /** Tabs share the tablist's width evenly. */
  stretch?: boolean;
  listClassName?: string;
  panelClassName?: string;
  children: ReactNode;
}) {
  const base = useId();
  const tabs = useRef(new Map<Id, HTMLButtonElement>());
  const selectedIndex = items.findIndex((item) => item.id === value);
  // Some tab must stay reachable with Tab even if the value names none of them.
  const focusable = selectedIndex === -1 ? 0 : selectedIndex;
  const tabId = (id: Id) => `${base}-tab-${id}`;
  const panelId = (id: Id) => `${base}-panel-${id}`;

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const target = items[tabKeyTarget(e.key, index, items.length, orientation) ?? -1];
    if (!target) return;
    e.preventDefault();
    tabs.current.get(target.id)?.focus();
    if (activation === 'automatic') onChange(target.id);
  };

  return (
    <>
      <div
        role="tablist"
        aria-label={label}
        aria-orientation={orientation}
        className={`flex ${orientation === 'vertical' ? 'flex-col' : ''} border-slate-200 ${orientation === 'vertical' ? 'border-r' : 'border-b'} ${listClassName}`}
      >
        {items.map((item, index) => {
          const selected = index === selectedIndex;
          return (
            <button
              key={item.id}
              ref={(el) => {
                if (el) tabs.current.set(item.id, el);
                else tabs.current.delete(item.id);
              }}
              type="button"
              role="tab"
              id={tabId(item.id)}
              aria-selected={selected}
              aria-controls={selected ? panelId(item.id) : undefined}
              tabIndex={index === focusable ? 0 : -1}
              onClick={() => onChange(item.id)}
              onKeyDown={(e) => onKeyDown(e, index)}
              className={`py-2 text-sm focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500 ${stretch ? 'flex-1 px-2' : 'px-3'} ${selected ? 'border-brand-600 font-medium text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'} ${orientation === 'vertical' ? '-mr-px border-r-2 text-left' : '-mb-px border-b-2'}`}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      {selectedIndex === -1 ? null : (
        <div
          role="tabpanel"
          id={panelId(value)}
          aria-labelledby={tabId(value)}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: WAI-ARIA tabs: the panel is a tab stop, so the keyboard reaches a panel that starts with plain text.
          tabIndex={0}
          className={`focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500 ${panelClassName}`}
        >
          {children}
        </div>
      )}
    </>
  );
}
