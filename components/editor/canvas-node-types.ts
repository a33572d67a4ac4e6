import type { NodeTypes } from '@xyflow/react';
import { nodeTypes as flowNodeTypes } from './flow-node';
import { StickyNote } from './notes/sticky-note';

/** Flow nodes by category, plus sticky notes; built once at module scope (React Flow remounts on a new object). */
export const canvasNodeTypes = { ...flowNodeTypes, note: StickyNote } satisfies NodeTypes;
