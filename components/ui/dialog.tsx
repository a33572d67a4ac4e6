'use client';

import { X } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { type FormEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { Button } from './button';

const SIZES = { sm: 'w-[28rem]', md: 'w-[34rem]' } as const;
const PLACEMENTS = { center: 'm-auto', top: 'mx-auto mt-24' } as const;

// Where focus lands on open when nothing is marked data-autofocus: the first control of the body.
const FOCUSABLE =
  'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on the native `<dialog>` (showModal: the page behind is inert, Esc closes it),
 * named by its title and described by its description. On open, focus goes to the element marked
 * `data-autofocus`, else the first control of the body, else the close button; on close it goes
 * back to whatever had it before. With `onSubmit`, body and footer are one form, so a submit
 * button in the footer and Enter in a field both submit; `submitLabel` gives it the usual footer
 * (Cancelar, then the submit button).
 */
export function Dialog({
  open,
  onClose,
  title,
  description,
  footer,
  onSubmit,
  submitLabel,
  submitDisabled = false,
  size = 'md',
  placement = 'center',
  children,
  'data-testid': testId,
}: {
  open: boolean;
  /** Called however it closes (Esc, the close button, or `open` turned false). */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  footer?: ReactNode;
  onSubmit?: (e: FormEvent<HTMLFormElement>) => void;
  /** With onSubmit: a footer of «Cancelar» and this submit button (ignored when footer is given). */
  submitLabel?: ReactNode;
  submitDisabled?: boolean;
  size?: keyof typeof SIZES;
  /** `top` leaves the upper canvas visible (search, connect). */
  placement?: keyof typeof PLACEMENTS;
  children?: ReactNode;
  'data-testid'?: string;
}) {
  const t = useTranslations('ui.dialog');
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      initialFocus(dialog)?.focus();
    } else if (!open && dialog.open) dialog.close();
  }, [open]);

  const onNativeClose = () => {
    const back = opener.current;
    opener.current = null;
    if (back?.isConnected) back.focus();
    onClose();
  };

  const content = (
    <>
      <div className="flex items-start justify-between gap-4">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        <Button variant="ghost" size="icon-sm" aria-label={t('close')} data-dialog-close onClick={onClose}>
          <X aria-hidden className="size-4" />
        </Button>
      </div>
      {description ? (
        <p id={descriptionId} className="text-sm text-slate-600">
          {description}
        </p>
      ) : null}
      <div data-dialog-body className="space-y-4">
        {children}
      </div>
      {footer || (onSubmit && submitLabel) ? (
        <div className="flex justify-end gap-2">
          {footer ?? (
            <>
              <Button variant="secondary" onClick={onClose}>
                {t('cancel')}
              </Button>
              <Button type="submit" disabled={submitDisabled}>
                {submitLabel}
              </Button>
            </>
          )}
        </div>
      ) : null}
    </>
  );
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={onNativeClose}
      data-testid={testId}
      className={`${SIZES[size]} ${PLACEMENTS[placement]} max-w-[calc(100%-2rem)] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/40`}
    >
      {onSubmit ? (
        <form onSubmit={onSubmit} className="space-y-4 p-6">
          {content}
        </form>
      ) : (
        <div className="space-y-4 p-6">{content}</div>
      )}
    </dialog>
  );
}

function initialFocus(dialog: HTMLDialogElement): HTMLElement | null {
  return (
    dialog.querySelector<HTMLElement>('[data-autofocus]') ??
    dialog.querySelector<HTMLElement>(`[data-dialog-body] :is(${FOCUSABLE})`) ??
    dialog.querySelector<HTMLElement>('[data-dialog-close]')
  );
}
