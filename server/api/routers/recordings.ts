import { z } from 'zod';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import {
  getRecording,
  listExecutionRecordings,
  recordingView,
} from '@/server/services/recordings/recordings';

/** Citizens' voices are personal data: the people who attend them and their supervisors hear them. */
const RECORDING_LISTENERS = ['agent', 'supervisor', 'admin'] as const;

export const recordingsRouter = createTRPCRouter({
  /** The recordings an execution made (Record voicemail, any <Record>), oldest first. */
  list: orgProcedure(...RECORDING_LISTENERS)
    .meta({ scope: 'org', probe: (o) => ({ executionId: o.executionId }) })
    .input(z.object({ executionId: z.string().min(1).max(200) }))
    .query(({ ctx, input }) => listExecutionRecordings(ctx.db, ctx.org.organizationId, input.executionId)),
  /** One recording; the audio route asks this first, so it streams only what the caller may hear. */
  get: orgProcedure(...RECORDING_LISTENERS)
    .meta({ scope: 'org', probe: (o) => ({ id: o.recordingId }) })
    .input(z.object({ id: z.string().min(1).max(64) }))
    .query(async ({ ctx, input }) =>
      recordingView(await getRecording(ctx.db, ctx.org.organizationId, input.id)),
    ),
});
