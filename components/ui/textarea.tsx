import type { Ref, TextareaHTMLAttributes } from 'react';
import { type ControlSize, controlClass } from './control-class';

export type TextareaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & {
  size?: ControlSize;
  ref?: Ref<HTMLTextAreaElement>;
};

export function Textarea({ size = 'md', className = '', ...props }: TextareaProps) {
  return <textarea className={controlClass(size, className)} {...props} />;
}
