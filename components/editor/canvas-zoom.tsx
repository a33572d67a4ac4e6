'use client';

import { Background, type ReactFlowState, useStore } from '@xyflow/react';
import { createContext, type ReactNode, useContext } from 'react';

/**
 * Below this zoom nodes are drawn compact (see CompactFlowNode): card details (12 px) are under 5 px
 * there. Not 0.5: a 1280×720 screen fits the IVR template at about 0.5, and it should open detailed.
 */
const COMPACT_BELOW_ZOOM = 0.4;
/** From this many nodes a flow opens compact: it will be fitted far below the threshold anyway. */
const LARGE_FLOW = 150;

/**
 * A boolean, so it changes when the zoom crosses the threshold, not on every zoom or pan tick. Before
 * the first fit the zoom is still 1: a large flow would render every detailed card once, only to
 * replace them all with compact ones a moment later.
 */
const zoomedOut = (s: ReactFlowState) =>
  s.transform[2] < COMPACT_BELOW_ZOOM || (s.fitViewQueued && s.nodeLookup.size >= LARGE_FLOW);

const CompactContext = createContext(false);

/**
 * Reads the zoom once for the whole canvas (wrap <ReactFlow> in it). Every pan frame runs each store
 * subscriber's selector: one here instead of one per node keeps 1,000 selectors out of each frame.
 */
export function CompactZoomProvider({ children }: { children: ReactNode }) {
  return <CompactContext value={useStore(zoomedOut)}>{children}</CompactContext>;
}

export function useCompactZoom(): boolean {
  return useContext(CompactContext);
}

/**
 * The dotted background, left out when zoomed out: its dots would be a couple of pixels apart, noise
 * to the eye, and repainting that many on every pan frame cost a fifth of the frame rate.
 */
export function CanvasBackground() {
  return useCompactZoom() ? null : <Background />;
}
