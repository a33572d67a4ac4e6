import { z } from 'zod';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import { citizenHistory, citizenOfExecution } from '@/server/services/citizen-history/citizen-history';
import { eraseCitizen } from '@/server/services/citizen-rights/erase-citizen';
import { exportCitizen } from '@/server/services/citizen-rights/export-citizen';
import { rectifyCitizen } from '@/server/services/citizen-rights/rectify-citizen';
import { createRecordingDeleter } from '@/server/services/recordings/delete-at-provider';

const readers = ['agent', 'supervisor', 'admin'] as const;
const ZCitizenId = z.object({ id: z.string().min(1).max(64) });

export const ZRectifyCitizenInput = ZCitizenId.extend({
  firstName: z.string().trim().min(1).max(120),
  lastName: z.string().trim().min(1).max(120),
  dni: z.string().trim().max(20).nullable(),
  phones: z.array(z.string().trim().min(1).max(40)).max(10),
  email: z.string().trim().max(200).nullable(),
  locality: z.string().trim().max(120).nullable(),
  birthDate: z.iso.date().nullable(),
});

/**
 * The citizen page: base data (shared by organismos) and this organismo's interactions with them;
 * for admins, the data subject's rights (Ley 25.326 arts. 14–16) over what this organismo holds.
 */
export const citizensRouter = createTRPCRouter({
  history: orgProcedure(...readers)
    .meta({ scope: 'org', probe: (o) => ({ id: o.citizenId }) })
    .input(ZCitizenId)
    .query(({ ctx, input }) => citizenHistory(ctx.db, ctx.org.organizationId, input.id)),
  /** Who an execution was with, for the link from its page; null when no citizen is known. */
  ofExecution: orgProcedure(...readers)
    .meta({ scope: 'org', probe: (o) => ({ executionId: o.executionId }) })
    .input(z.object({ executionId: z.string().min(1).max(200) }))
    .query(({ ctx, input }) => citizenOfExecution(ctx.db, ctx.org.organizationId, input.executionId)),
  /** Access: a JSON document of what this organismo holds on the person (audited, hence a mutation). */
  export: orgProcedure('admin')
    .meta({ scope: 'org', probe: (o) => ({ id: o.citizenId }) })
    .input(ZCitizenId)
    .mutation(({ ctx, input }) => exportCitizen(ctx.db, actorOf(ctx), input.id)),
  rectify: orgProcedure('admin')
    .meta({
      scope: 'org',
      probe: (o) => ({
        id: o.citizenId,
        firstName: 'Otro',
        lastName: 'Nombre',
        dni: null,
        phones: [],
        email: null,
        locality: null,
        birthDate: null,
      }),
    })
    .input(ZRectifyCitizenInput)
    .mutation(({ ctx, input: { id, ...fields } }) => rectifyCitizen(ctx.db, actorOf(ctx), id, fields)),
  erase: orgProcedure('admin')
    .meta({ scope: 'org', probe: (o) => ({ id: o.citizenId }) })
    .input(ZCitizenId)
    .mutation(({ ctx, input }) =>
      eraseCitizen(
        { db: ctx.db, temporal: ctx.temporal, deleteRecording: createRecordingDeleter() },
        actorOf(ctx),
        input.id,
      ),
    ),
});

function actorOf(ctx: { org: { organizationId: string }; session: { userId: string }; requestId: string }) {
  return { organizationId: ctx.org.organizationId, userId: ctx.session.userId, requestId: ctx.requestId };
}
