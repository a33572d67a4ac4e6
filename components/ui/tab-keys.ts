export type TabOrientation = 'horizontal' | 'vertical';

/**
 * Which tab a key moves to in a WAI-ARIA tablist: the arrows of its orientation step and wrap
 * around, Home and End jump to the ends; null for any other key (the browser keeps it).
 */
export function tabKeyTarget(
  key: string,
  index: number,
  count: number,
  orientation: TabOrientation = 'horizontal',
): number | null {
  if (count <= 0) return null;
  const [previous, next] =
    orientation === 'horizontal' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
  if (key === next) return (index + 1) % count;
  if (key === previous) return (index - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
