import type { Connection, EdgeChange, NodeChange, XYPosition } from '@xyflow/react';
import type { FlowGraph } from '@/workflows/dsl/graph';
import type { Problem } from '@/workflows/dsl/problems';
import type { FlowEdge, FlowNode } from '../graph-convert';
import type { ActivitySlice } from './activity-slice';

export type GraphSlice = {
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Sticky notes are not edited yet; kept so a save never drops them. */
  notes: FlowGraph['notes'];
  onNodesChange: (changes: NodeChange<FlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<FlowEdge>[]) => void;
  connect: (connection: Connection) => boolean;
  canConnect: (connection: Connection | FlowEdge) => boolean;
  /** Adds a node at a position, or below `after` connected from its first free port. */
  addNode: (kind: string, at: { position?: XYPosition; after?: string | null }) => string | null;
  updateConfig: (nodeId: string, config: Record<string, unknown>, field?: string) => void;
  deleteSelected: () => void;
  replaceGraph: (graph: FlowGraph) => void;
};

export type Panel = 'inspector' | 'checklist' | 'versions';

export type SelectionSlice = {
  panel: Panel;
  /** Set by a checklist click: the inspector focuses this field once, then clears it. */
  focus: { nodeId: string; field: string | null } | null;
  setPanel: (panel: Panel) => void;
  select: (nodeIds: string[]) => void;
  focusProblem: (nodeId: string, field: string | null) => void;
  clearFocus: () => void;
};

export type ChecklistSlice = {
  problems: Problem[];
  /** Error count per node id, for the red border and badge. */
  errorsByNode: Record<string, number>;
  validatedAt: number | null;
  setProblems: (problems: Problem[]) => void;
};

export type Snapshot = { nodes: FlowNode[]; edges: FlowEdge[] };

export type HistorySlice = {
  past: Snapshot[];
  future: Snapshot[];
  /** Last coalescing key and when it was recorded: typing in one field is one undo step. */
  lastRecord: { key: string; at: number } | null;
  record: (key?: string) => void;
  undo: () => void;
  redo: () => void;
};

/** A published version the canvas is being compared with (the draft is the other side). */
export type DiffBase = { version: number; graph: FlowGraph };

export type DiffSlice = {
  diffBase: DiffBase | null;
  setDiffBase: (base: DiffBase | null) => void;
};

/** The test phone's run drawn on the canvas: the step it is at, and the steps and ports it took. */
export type TestRunSlice = {
  highlightedNodeId: string | null;
  visitedPath: { stepId: string; port: string | null }[];
  showTestRun: (highlightedNodeId: string | null, visitedPath: TestRunSlice['visitedPath']) => void;
  clearTestRun: () => void;
};

export type EditorState = GraphSlice &
  SelectionSlice &
  ChecklistSlice &
  HistorySlice &
  DiffSlice &
  TestRunSlice &
  ActivitySlice;
