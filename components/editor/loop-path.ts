/** How far a loop runs outside the nodes it joins, so it is seen beside them and not behind. */
export const LOOP_OFFSET = 28;

/**
 * Whether an edge is drawn as a loop: into its own node, or back up to a node left of its port (a
 * menu's "repeat"). A plain curve there runs behind the nodes, where nobody sees or clicks it.
 */
export function isLoop(e: {
  source: string;
  target: string;
  sourceX: number;
  sourceY: number;
  targetX: number;
  targetY: number;
}): boolean {
  return e.source === e.target || (e.targetX < e.sourceX && e.targetY < e.sourceY);
}

/**
 * A loop from an output port (on the right) round the top of the target to its input (on the left):
 * out to the right, up above the target node's top, across, and down into the input. Returns the SVG
 * path and where its label goes (the middle of the top run).
 */
export function loopPath(args: {
  sourceX: number;
  sourceY: number;
  targetX: number;
  targetY: number;
  /** The target node's top edge. */
  targetTop: number;
  offset?: number;
}): { path: string; labelX: number; labelY: number } {
  const o = args.offset ?? LOOP_OFFSET;
  const right = args.sourceX + o;
  const left = args.targetX - o;
  const top = Math.min(args.targetTop, args.sourceY, args.targetY) - o;
  const r = Math.min(8, o / 2);
  const path = [
    `M ${args.sourceX},${args.sourceY}`,
    `L ${right - r},${args.sourceY}`,
    `Q ${right},${args.sourceY} ${right},${args.sourceY - r}`,
    `L ${right},${top + r}`,
    `Q ${right},${top} ${right - r},${top}`,
    `L ${left + r},${top}`,
    `Q ${left},${top} ${left},${top + r}`,
    `L ${left},${args.targetY - r}`,
    `Q ${left},${args.targetY} ${left + r},${args.targetY}`,
    `L ${args.targetX},${args.targetY}`,
  ].join(' ');
  return { path, labelX: (right + left) / 2, labelY: top };
}
