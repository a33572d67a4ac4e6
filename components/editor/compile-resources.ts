import type { RouterOutputs } from '@/server/api/types';
import type { CompileResources } from '@/workflows/dsl/node-definition';

export type EditorResources = RouterOutputs['flows']['resources'];

/** The compiler's view of the organismo's resources, for the in-browser compile of one flow. */
export function compileResourcesOf(resources: EditorResources, flowId: string): CompileResources {
  return {
    flowId,
    queues: new Set(resources.queues.map((q) => q.id)),
    areas: new Set(resources.areas.map((a) => a.id)),
    schedules: new Set(resources.schedules.map((s) => s.id)),
    flows: new Map(resources.flows.map((f) => [f.id, f.versions])),
    allowedHosts: resources.allowedHosts,
    callerIds: resources.callerIds,
    secrets: new Set(resources.secrets),
    citizenFields: resources.citizenFields ?? [],
  };
}
