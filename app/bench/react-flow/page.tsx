import type { Edge, Node } from '@xyflow/react';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { BENCH_TOKEN_HEADER, benchRequestAllowed } from '@/server/services/bench/bench-token';
import { chainGraph } from '@/workflows/testing/graphs';
import { BareCanvas } from './bare-canvas';

export const dynamic = 'force-dynamic';

/**
 * The canvas bench's anchor (scripts/bench/canvas.ts): React Flow's own default nodes and edges in the
 * positions of the bench's flow, in the same production build, so the editor's figures can be read as
 * ratios on any machine. 404 unless CAUCE_BENCH_TOKEN is set and the request carries it.
 */
export default async function BenchReactFlowPage({
  searchParams,
}: {
  searchParams: Promise<{ nodes?: string }>;
}) {
  if (!benchRequestAllowed((await headers()).get(BENCH_TOKEN_HEADER))) notFound();
  const size = Number((await searchParams).nodes ?? '1000');
  if (!Number.isInteger(size) || size < 2 || size > 5000) notFound();
  const graph = chainGraph(size);
  const nodes: Node[] = graph.nodes.map((n) => ({ id: n.id, position: n.position, data: { label: n.id } }));
  const edges: Edge[] = graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target }));
  return <BareCanvas nodes={nodes} edges={edges} />;
}
