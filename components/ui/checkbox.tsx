'use client';

import type { InputHTMLAttributes, ReactNode } from 'react';

export type CheckboxProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & {
  label: ReactNode;
  /** The label is read by screen readers only (a row's checkbox in a table). */
  hideLabel?: boolean;
  /** "Some selected": a state only the DOM property can set, not an attribute. */
  indeterminate?: boolean;
  labelClassName?: string;
};

/** A checkbox inside its own label, so clicking the text toggles it. */
export function Checkbox({
  label,
  hideLabel,
  indeterminate = false,
  labelClassName = '',
  className = '',
  ...props
}: CheckboxProps) {
  return (
    <label className={`flex items-center gap-2 ${labelClassName}`}>
      <input
        type="checkbox"
        ref={(el) => {
          if (el) el.indeterminate = indeterminate;
        }}
        className={`size-4 shrink-0 accent-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 ${className}`}
        {...props}
      />
      <span className={hideLabel ? 'sr-only' : 'min-w-0'}>{label}</span>
    </label>
  );
}
