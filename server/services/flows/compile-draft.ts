import type { Database } from '@/db';
import type { FlowGraph } from '@/workflows/dsl/graph';
import type { CompileResources } from '@/workflows/dsl/node-definition';
import { type CompileResult, compile } from '@/workflows/kinds/compile';
import { nativeSha256 } from './native-sha256';
import { loadCompileResources } from './resources';

/**
 * The server's one way to compile a flow's graph: against the organismo's queues, areas, schedules,
 * flows and hosts, hashed with Node's native SHA-256. `resources` already read (for another flow of
 * the same organismo) are reused: only the subflow self-check depends on the flow.
 */
export async function compileDraft(
  db: Database,
  args: {
    organizationId: string;
    flowId: string;
    graph: FlowGraph;
    /** The version the program becomes (a published version's id); "draft" when it is only checked. */
    versionId?: string;
    resources?: CompileResources;
  },
): Promise<CompileResult> {
  const resources = args.resources ?? (await loadCompileResources(db, args.organizationId, args.flowId));
  return compile({
    graph: args.graph,
    flowId: args.flowId,
    versionId: args.versionId ?? 'draft',
    organizationId: args.organizationId,
    resources: { ...resources, flowId: args.flowId },
    sha256: nativeSha256,
  });
}
