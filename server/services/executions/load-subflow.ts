import type { Database } from '@/db';
import type { FlowProgram } from '@/lib/contracts/program';
import { AppError } from '@/server/errors';
import { isUuid } from '@/server/services/citizens/ids';
import { getVersion } from '@/server/services/flows/flows';

/** The compiled program of one of the organismo's published flow versions ('latest' = the highest). */
export async function loadSubflow(
  db: Database,
  args: { organizationId: string; flowId: string; version: number | 'latest' },
): Promise<FlowProgram> {
  // A flow id from another organismo finds nothing, like one that does not exist.
  if (!isUuid(args.flowId)) throw new AppError('NOT_FOUND', `Flow ${args.flowId} not found`);
  const row = await getVersion(db, args.organizationId, args.flowId, args.version);
  return row.program;
}
