import { type ReactNode, useId } from 'react';

/** What a control needs to be named by its label and described by the hint and the error. */
export type FieldControlProps = {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
};

/**
 * A label over one control, with an optional hint and error below it, wired for screen readers:
 * `<Field label="Nombre">{(control) => <Input {...control} />}</Field>`. Works in server components
 * too (a plain GET form), since it holds no state.
 */
export function Field({
  label,
  hint,
  error,
  id,
  className = '',
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  /** Shown in red and announced with the control; also marks it aria-invalid. */
  error?: ReactNode;
  /** An id of your own, when something else must point at the control. */
  id?: string;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const generated = useId();
  const controlId = id ?? generated;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`flex flex-col gap-1 text-sm ${className}`}>
      <label htmlFor={controlId} className="font-medium text-slate-700">
        {label}
      </label>
      {children({
        id: controlId,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true } : {}),
      })}
      {hint ? (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
