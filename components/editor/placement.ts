import type { XYPosition } from '@xyflow/react';

export type Rect = { x: number; y: number; width: number; height: number };

/** Size of a node the canvas has not measured yet (w-60, header plus one line per port). */
export const DEFAULT_WIDTH = 240;
export function estimatedHeight(ports: number): number {
  return 64 + 18 * ports;
}

/** The box a node or note takes on the canvas: as measured, else as estimated. */
export function rectOf(n: {
  position: XYPosition;
  measured?: { width?: number | undefined; height?: number | undefined } | undefined;
  width?: number | undefined;
  height?: number | undefined;
  data: object;
}): Rect {
  const ports = 'ports' in n.data && Array.isArray(n.data.ports) ? n.data.ports.length : 0;
  return {
    x: n.position.x,
    y: n.position.y,
    width: n.measured?.width ?? n.width ?? DEFAULT_WIDTH,
    height: n.measured?.height ?? n.height ?? estimatedHeight(ports),
  };
}

/** Space kept between a placed node and its neighbours. */
export const PLACEMENT_GAP = 24;

/**
 * Where a box of `size` goes near `preferred` without touching any of `taken` (kept `gap` apart): the
 * preferred spot when it is free, else the nearest free spot on the same row, found by stepping right
 * (or left) past whatever is in the way. Every step passes at least one box for good, so it ends.
 */
export function freePosition(args: {
  preferred: XYPosition;
  size: { width: number; height: number };
  taken: readonly Rect[];
  gap?: number;
}): XYPosition {
  const gap = args.gap ?? PLACEMENT_GAP;
  const { width, height } = args.size;
  const y = args.preferred.y;
  // Only boxes that reach into this row can be in the way.
  const row = args.taken.filter((r) => r.y < y + height + gap && y < r.y + r.height + gap);
  const blocking = (x: number) => row.filter((r) => r.x < x + width + gap && x < r.x + r.width + gap);

  let right = args.preferred.x;
  for (let hit = blocking(right); hit.length > 0; hit = blocking(right)) {
    right = Math.max(...hit.map((r) => r.x + r.width)) + gap;
  }
  let left = args.preferred.x;
  for (let hit = blocking(left); hit.length > 0; hit = blocking(left)) {
    left = Math.min(...hit.map((r) => r.x)) - gap - width;
  }
  const x = right - args.preferred.x <= args.preferred.x - left ? right : left;
  return { x: Math.round(x), y: Math.round(y) };
}

/** Whether two boxes overlap (touching edges do not). */
export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The smallest box around all of `rects`; null for none. */
export function boundsOf(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x, y, width: right - x, height: bottom - y };
}
