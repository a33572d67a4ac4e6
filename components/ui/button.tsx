import type { ButtonHTMLAttributes, Ref } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'link' | 'danger-link';
export type ButtonSize = 'xs' | 'sm' | 'md' | 'icon' | 'icon-sm';

const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-brand-600 font-medium text-white hover:bg-brand-700 disabled:bg-slate-400',
  secondary:
    'border border-slate-300 font-medium bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400 aria-pressed:border-brand-500 aria-pressed:bg-brand-50 aria-pressed:text-brand-700',
  ghost:
    'text-slate-700 hover:bg-slate-100 disabled:text-slate-400 aria-pressed:bg-brand-50 aria-pressed:font-medium aria-pressed:text-brand-700',
  danger: 'border border-red-300 bg-white font-medium text-red-700 hover:bg-red-50 disabled:text-slate-400',
  link: 'text-brand-700 hover:underline disabled:text-slate-400 disabled:no-underline',
  'danger-link': 'text-red-700 hover:underline disabled:text-slate-400 disabled:no-underline',
};

const SIZES: Record<ButtonSize, string> = {
  xs: 'gap-1 rounded px-2 py-1 text-xs',
  sm: 'gap-1 rounded px-2 py-1.5 text-sm',
  md: 'gap-2 rounded-md px-3 py-2 text-sm',
  icon: 'rounded p-1.5',
  'icon-sm': 'rounded p-1',
};

// Links read as text: no padding, only the type size.
const LINK_SIZES: Record<ButtonSize, string> = {
  xs: 'gap-1 text-xs',
  sm: 'gap-1 text-sm',
  md: 'gap-1 text-sm',
  icon: 'rounded',
  'icon-sm': 'rounded',
};

/** The classes of a button, for a link that must look like one (pagination, «Ver más»). */
export function buttonClass({
  variant = 'primary',
  size = 'md',
  className = '',
}: {
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
}): string {
  const padding = variant === 'link' || variant === 'danger-link' ? LINK_SIZES[size] : SIZES[size];
  return `inline-flex items-center justify-center focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed ${padding} ${VARIANTS[variant]} ${className}`;
}

// An icon-only button has no text, so its name must come from aria-label.
type Sizing = { size: 'icon' | 'icon-sm'; 'aria-label': string } | { size?: 'xs' | 'sm' | 'md' };

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> &
  Sizing & { variant?: ButtonVariant; ref?: Ref<HTMLButtonElement> };

export function Button({ variant = 'primary', size = 'md', className = '', ...props }: ButtonProps) {
  return <button type="button" className={buttonClass({ variant, size, className })} {...props} />;
}
