'use client';

import { useReactFlow } from '@xyflow/react';
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useRef } from 'react';
import { toast } from 'sonner';
import { findNodeDefinition } from '@/workflows/kinds/registry';
import {
  type ClipboardPayload,
  copySelection,
  PASTE_NUDGE,
  type ParsedClipboard,
  parseClipboard,
  pasteFragment,
  pickPayload,
} from './clipboard';
import { useEditorStoreApi } from './store/editor-store-provider';

/** localStorage mirror of the last copy: lets another flow's tab paste when the system clipboard cannot be used. */
const CLIPBOARD_STORAGE_KEY = 'cauce.clipboard';

type Stored = { text: string; reachedSystem: boolean };

/**
 * Ctrl+C / Ctrl+X / Ctrl+V on the canvas selection, through the browser's copy, cut and paste
 * events (no clipboard permission needed) or, when the browser fires none, navigator.clipboard;
 * plus copy and paste for toolbar buttons. Text fields and selected page text keep their own
 * clipboard.
 */
export function useCanvasClipboard({ flowId, canEdit }: { flowId: string; canEdit: boolean }) {
  const t = useTranslations('editorCanvas');
  const store = useEditorStoreApi();
  const rf = useReactFlow();
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const pastes = useRef(new Map<number, number>());

  const serialize = useCallback(() => {
    const payload = copySelection(store.getState(), { copiedAt: Date.now(), flowId });
    return payload ? { payload, text: JSON.stringify(payload) } : null;
  }, [store, flowId]);

  const announceCopy = useCallback(
    (payload: ClipboardPayload, cut: boolean) => {
      const count = payload.nodes.length + payload.notes.length;
      toast.success(cut ? t('cut', { count }) : t('copied', { count }));
    },
    [t],
  );

  const insert = useCallback(
    (picked: ParsedClipboard) => {
      if (!picked.ok) {
        toast.error(t(`pasteRefused.${picked.reason}`));
        return;
      }
      const payload = picked.payload;
      const s = store.getState();
      const nth = (pastes.current.get(payload.copiedAt) ?? 0) + 1;
      pastes.current.set(payload.copiedAt, nth);
      const at = pointer.current
        ? rf.screenToFlowPosition(pointer.current)
        : payload.flowId === flowId
          ? null
          : viewCenter(rf.screenToFlowPosition);
      const { fragment, dropped } = pasteFragment(payload, {
        takenIds: new Set([...s.nodes.map((n) => n.id), ...s.notes.map((n) => n.id)]),
        takenEdgeIds: new Set(s.edges.map((e) => e.id)),
        at,
        nudge: PASTE_NUDGE * nth,
      });
      const hadTrigger = s.nodes.some((n) => n.type === 'trigger');
      s.insertFragment(fragment);
      const count = fragment.nodes.length + fragment.notes.length;
      if (count > 0) toast.success(t('pasted', { count }));
      if (dropped > 0) toast.warning(t('pasteDropped', { count: dropped }));
      if (hadTrigger && fragment.nodes.some((n) => findNodeDefinition(n.kind)?.category === 'trigger'))
        toast.warning(t('pasteSecondTrigger'));
    },
    [store, rf, flowId, t],
  );

  const pasteFrom = useCallback(
    (system: ParsedClipboard | null) => {
      const local = readLocal();
      insert(
        pickPayload({
          system,
          local: parseClipboard(local?.text),
          localReachedSystem: local?.reachedSystem ?? true,
        }),
      );
    },
    [insert],
  );

  /** Copies or cuts the selection; `data` is the copy event's clipboard (written synchronously). */
  const copyOut = useCallback(
    (cut: boolean, data: DataTransfer | null): boolean => {
      const copied = serialize();
      if (!copied) return false;
      const { text } = copied;
      if (data) {
        data.setData('text/plain', text);
        writeLocal({ text, reachedSystem: true });
      } else {
        writeLocal({ text, reachedSystem: false });
        // The system clipboard may answer late (a tab in the background waits for focus) or never
        // (no permission, insecure context): the local copy pastes meanwhile.
        if ('clipboard' in navigator) {
          navigator.clipboard.writeText(text).then(
            () => {
              if (readLocal()?.text === text) writeLocal({ text, reachedSystem: true });
            },
            () => undefined,
          );
        }
      }
      const cutting = cut && canEdit;
      if (cutting) store.getState().deleteSelected();
      announceCopy(copied.payload, cutting);
      return true;
    },
    [serialize, announceCopy, canEdit, store],
  );

  const paste = useCallback(async () => {
    let system: ParsedClipboard | null = null;
    try {
      system = parseClipboard(await navigator.clipboard.readText());
    } catch {
      // Reading needs a permission the user may refuse: the localStorage copy still pastes.
      system = null;
    }
    pasteFrom(system);
  }, [pasteFrom]);

  useEffect(() => {
    // A shortcut whose clipboard event the browser did not fire (Chromium fires no "cut" without a
    // text selection): handled through navigator.clipboard once the event had its chance.
    let pending: string | null = null;
    const onKeyDown = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const key = e.key.toLowerCase();
      if (!['c', 'x', 'v'].includes(key) || isTextTarget(e.target) || hasTextSelection()) return;
      if (key === 'v' && !canEdit) return;
      pending = key;
      setTimeout(() => {
        if (pending !== key) return;
        pending = null;
        if (key === 'v') void paste();
        else copyOut(key === 'x', null);
      }, 0);
    };
    const onCopy = (e: ClipboardEvent, cut: boolean) => {
      pending = null;
      if (isTextTarget(e.target) || hasTextSelection() || !hasSelection(store)) return;
      e.preventDefault();
      copyOut(cut, e.clipboardData);
    };
    const onPaste = (e: ClipboardEvent) => {
      pending = null;
      if (!canEdit || isTextTarget(e.target)) return;
      e.preventDefault();
      pasteFrom(e.clipboardData ? parseClipboard(e.clipboardData.getData('text/plain')) : null);
    };
    const onPointer = (e: PointerEvent) => {
      const over = e.target instanceof Element && e.target.closest('.react-flow__pane, .react-flow__node');
      pointer.current = over ? { x: e.clientX, y: e.clientY } : null;
    };
    const copy = (e: ClipboardEvent) => onCopy(e, false);
    const cut = (e: ClipboardEvent) => onCopy(e, true);
    window.addEventListener('pointermove', onPointer, { passive: true });
    window.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('pointermove', onPointer);
      window.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', onPaste);
    };
  }, [canEdit, copyOut, paste, pasteFrom, store]);

  /** For a toolbar button: the system clipboard when the browser allows it, localStorage always. */
  const copy = useCallback(() => {
    if (!copyOut(false, null)) toast.error(t('nothingToCopy'));
  }, [copyOut, t]);

  return { copy, paste };
}

function hasSelection(store: ReturnType<typeof useEditorStoreApi>): boolean {
  const s = store.getState();
  return s.nodes.some((n) => n.selected) || s.notes.some((n) => n.selected);
}

function isTextTarget(target: EventTarget | null): boolean {
  return (
    target instanceof Element && Boolean(target.closest('input, textarea, select, [contenteditable="true"]'))
  );
}

/** Text selected on the page (a label, a problem message): Ctrl+C copies that, not the nodes. */
function hasTextSelection(): boolean {
  const selection = window.getSelection();
  return Boolean(selection && !selection.isCollapsed && selection.toString().trim() !== '');
}

function viewCenter(toFlow: (p: { x: number; y: number }) => { x: number; y: number }) {
  const box = document.querySelector('.react-flow')?.getBoundingClientRect();
  if (!box) return { x: 0, y: 0 };
  return toFlow({ x: box.left + box.width / 2 - 120, y: box.top + box.height / 3 });
}

function readLocal(): Stored | null {
  try {
    const raw = window.localStorage.getItem(CLIPBOARD_STORAGE_KEY);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object') return null;
    const text: unknown = Reflect.get(parsed, 'text');
    const reachedSystem: unknown = Reflect.get(parsed, 'reachedSystem');
    return typeof text === 'string' ? { text, reachedSystem: reachedSystem !== false } : null;
  } catch {
    return null;
  }
}

function writeLocal(value: Stored) {
  try {
    window.localStorage.setItem(CLIPBOARD_STORAGE_KEY, JSON.stringify(value));
  } catch {
    // Quota or privacy mode: the system clipboard (when reached) still carries the copy.
  }
}
