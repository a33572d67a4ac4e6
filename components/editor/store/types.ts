import type { Connection, EdgeChange, NodeChange, XYPosition } from '@xyflow/react';
import type { FlowGraph } from '@/workflows/dsl/graph';
import type { Problem } from '@/workflows/dsl/problems';
import type { ClipboardFragment } from '../clipboard';
import type { FlowEdge, FlowNode, NoteData, NoteNode } from '../graph-convert';
import type { ActivitySlice } from './activity-slice';

export type GraphSlice = {
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Sticky notes, as React Flow nodes of type "note": drawn and saved, never compiled. */
  notes: NoteNode[];
  onNodesChange: (changes: NodeChange<FlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<FlowEdge>[]) => void;
  connect: (connection: Connection) => boolean;
  canConnect: (connection: Connection | FlowEdge) => boolean;
  /** Points an existing edge (its port stays) at another node, under the same rules as a new one. */
  reconnect: (edgeId: string, target: string) => boolean;
  /** Adds a node at a position, or below `after` connected from its first free port. */
  addNode: (kind: string, at: { position?: XYPosition; after?: string | null }) => string | null;
  /** Changes a node's settings; returns the edges it removed (from ports the new settings no longer have). */
  updateConfig: (nodeId: string, config: Record<string, unknown>, field?: string) => FlowEdge[];
  /** Names a node (typing is one undo step); a blank name goes back to the default made of its settings. */
  renameNode: (nodeId: string, label: string) => void;
  deleteSelected: () => void;
  replaceGraph: (graph: FlowGraph) => void;
  /** Adds a pasted fragment (ids already fresh) as one undo step and makes it the selection. */
  insertFragment: (fragment: ClipboardFragment) => void;
};

export type NotesSlice = {
  onNotesChange: (changes: NodeChange<NoteNode>[]) => void;
  addNote: (position: XYPosition) => string;
  /** Text typed in place is coalesced per note into one undo step. */
  updateNote: (id: string, patch: Partial<NoteData>) => void;
};

export type Panel = 'inspector' | 'checklist' | 'versions' | 'scenarios';

export type SelectionSlice = {
  panel: Panel;
  /** Set by a checklist click: the inspector focuses this field once, then clears it. */
  focus: { nodeId: string; field: string | null } | null;
  /** The node whose "Connect…" dialog is open (connecting by keyboard instead of dragging). */
  connectingFrom: string | null;
  setConnectingFrom: (nodeId: string | null) => void;
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

export type Snapshot = { nodes: FlowNode[]; edges: FlowEdge[]; notes: NoteNode[] };

export type HistorySlice = {
  past: Snapshot[];
  future: Snapshot[];
  /** Last coalescing key and when it was recorded: typing in one field is one undo step. */
  lastRecord: { key: string; at: number } | null;
  record: (key?: string) => void;
  undo: () => void;
  redo: () => void;
};

/** A published version on one side of a comparison. */
export type DiffBase = { version: number; graph: FlowGraph };

export type DiffSlice = {
  /** The older side of the comparison the canvas shows, or null when not comparing. */
  diffBase: DiffBase | null;
  /** The newer side: another published version (shown read-only instead of the draft), or null for the draft. */
  diffTarget: DiffBase | null;
  /** Compares `base` with the draft; null leaves comparison mode. */
  setDiffBase: (base: DiffBase | null) => void;
  /** Compares two sides; a null target is the draft. */
  setComparison: (base: DiffBase, target: DiffBase | null) => void;
};

/** The test phone's run drawn on the canvas: the step it is at, and the steps and ports it took. */
export type TestRunSlice = {
  highlightedNodeId: string | null;
  visitedPath: { stepId: string; port: string | null }[];
  showTestRun: (highlightedNodeId: string | null, visitedPath: TestRunSlice['visitedPath']) => void;
  clearTestRun: () => void;
};

export type EditorState = GraphSlice &
  NotesSlice &
  SelectionSlice &
  ChecklistSlice &
  HistorySlice &
  DiffSlice &
  TestRunSlice &
  ActivitySlice;
