'use client';

import '@xyflow/react/dist/style.css';
import { type Edge, type Node, ReactFlow } from '@xyflow/react';

/** Uncontrolled React Flow with its default node and edge types, and the editor's viewport settings. */
export function BareCanvas({ nodes, edges }: { nodes: Node[]; edges: Edge[] }) {
  return (
    <div className="h-screen w-screen">
      <ReactFlow
        defaultNodes={nodes}
        defaultEdges={edges}
        minZoom={0.1}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        proOptions={{ hideAttribution: true }}
      />
    </div>
  );
}
