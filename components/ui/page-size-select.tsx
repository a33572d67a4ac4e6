'use client';

import { useRouter } from 'next/navigation';
import { useId } from 'react';
import { Select } from './select';

/**
 * Rows per page. A server-rendered table passes one URL per size (props must serialize), a client
 * table its callback.
 */
export function PageSizeSelect({
  label,
  value,
  sizes,
  hrefs,
  onChange,
}: {
  label: string;
  value: number;
  sizes: readonly number[];
  hrefs?: readonly string[];
  onChange?: (size: number) => void;
}) {
  const router = useRouter();
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id}>{label}</label>
      <Select
        id={id}
        size="sm"
        value={value}
        onChange={(e) => {
          const size = Number(e.target.value);
          if (onChange) return onChange(size);
          const href = hrefs?.[sizes.indexOf(size)];
          if (href) router.push(href, { scroll: false });
        }}
      >
        {sizes.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </Select>
    </div>
  );
}
