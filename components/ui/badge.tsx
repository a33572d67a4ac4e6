import type { HTMLAttributes } from 'react';

export type BadgeTone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

// Each pair keeps WCAG AA contrast for small text (axe checks it on every page spec).
const TONES: Record<BadgeTone, string> = {
  neutral: 'bg-slate-100 text-slate-700',
  success: 'bg-emerald-100 text-emerald-900',
  warning: 'bg-amber-100 text-amber-900',
  danger: 'bg-red-100 text-red-900',
  info: 'bg-blue-100 text-blue-900',
};

const SIZES = { sm: 'px-1.5 py-0.5 text-xs', md: 'px-2 py-0.5 text-sm' } as const;

/** A state shown as a pill: a flow's version, an execution's status, a health check. */
export function Badge({
  tone = 'neutral',
  size = 'sm',
  className = '',
  ...props
}: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone; size?: keyof typeof SIZES }) {
  return (
    <span
      className={`inline-block rounded font-medium ${SIZES[size]} ${TONES[tone]} ${className}`}
      {...props}
    />
  );
}
