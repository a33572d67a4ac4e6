'use client';

import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * A box that scrolls sideways when its content is wider (a table on a narrow screen). While it
 * does, it is a named region in the tab order, so keyboard users can scroll it too (axe's
 * scrollable-region-focusable); while it fits, it adds no tab stop.
 */
export function ScrollRegion({
  label,
  className = '',
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const check = () => setScrolls(box.scrollWidth > box.clientWidth);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(box);
    for (const child of box.children) observer.observe(child);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      className={`overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-500 ${className}`}
      {...(scrolls ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}
    >
      {children}
    </div>
  );
}
