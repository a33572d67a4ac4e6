import type { Ref, SelectHTMLAttributes } from 'react';
import { type ControlSize, controlClass } from './control-class';

export type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'size'> & {
  size?: ControlSize;
  ref?: Ref<HTMLSelectElement>;
};

/** A native select (keyboard and screen readers for free); options are its children. */
export function Select({ size = 'md', className = '', ...props }: SelectProps) {
  return <select className={controlClass(size, className)} {...props} />;
}
