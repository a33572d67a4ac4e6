'use client';

import { Plus, Trash2 } from 'lucide-react';
import { Button } from '@/components/ui/button';

/** Small inputs of the «Simular» form. */
export const INPUT = 'mt-1 w-full rounded border border-slate-300 px-2 py-1 text-sm';

export function NumberField({
  label,
  value,
  min = 0,
  max,
  onChange,
}: {
  label: string;
  value: number;
  min?: number;
  max: number;
  onChange: (n: number) => void;
}) {
  return (
    <label className="block">
      {label}
      <input
        type="number"
        min={min}
        max={max}
        value={value}
        onChange={(e) => {
          const n = Math.round(Number(e.target.value));
          if (Number.isFinite(n)) onChange(Math.min(Math.max(n, min), max));
        }}
        className={INPUT}
      />
    </label>
  );
}

export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button variant="link" size="xs" onClick={onClick}>
      <Plus aria-hidden className="size-3" />
      {label}
    </Button>
  );
}

export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button variant="danger-link" size="xs" onClick={onClick}>
      <Trash2 aria-hidden className="size-3" />
      {label}
    </Button>
  );
}
