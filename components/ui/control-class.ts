export type ControlSize = 'sm' | 'md';

const SIZES: Record<ControlSize, string> = { sm: 'px-2 py-1.5 text-sm', md: 'px-3 py-2 text-sm' };

/** The look every text input, select and textarea shares; a field in error turns red through aria-invalid. */
export function controlClass(size: ControlSize, className: string): string {
  return `rounded-md border border-slate-300 bg-white text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-500 aria-invalid:border-red-600 disabled:bg-slate-100 disabled:text-slate-500 ${SIZES[size]} ${className}`;
}
