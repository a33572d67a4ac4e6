import type { InputHTMLAttributes, Ref } from 'react';
import { type ControlSize, controlClass } from './control-class';

export type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'size'> & {
  size?: ControlSize;
  ref?: Ref<HTMLInputElement>;
};

/** A one-line text input; give it a name through Field, a label, or aria-label. */
export function Input({ size = 'md', className = '', ...props }: InputProps) {
  return <input className={controlClass(size, className)} {...props} />;
}
