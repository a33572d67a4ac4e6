import { z } from 'zod';
import { FIELD_TYPES, ZFieldKey, ZListMapping } from '@/lib/contact-lists/mapping';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import { createField, listFields } from '@/server/services/contact-lists/fields';
import {
  contactListErrors,
  createContactList,
  deleteContactList,
  findListsByHash,
  getContactList,
  listContactLists,
} from '@/server/services/contact-lists/lists';

const READERS = ['campaign_manager', 'supervisor', 'admin'] as const;
const WRITERS = ['campaign_manager', 'admin'] as const;
const ZSha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ZCreateContactListInput = z.object({
  name: z.string().trim().min(1).max(120),
  /** What the citizens consented to by being on it (Ley 25.326 art. 5). */
  purpose: z.string().trim().min(1).max(80),
  fileName: z.string().trim().max(255).default(''),
  sha256: ZSha256.nullable().default(null),
  mapping: ZListMapping,
  allowDuplicate: z.boolean().default(false),
});
export type TCreateContactListInput = z.infer<typeof ZCreateContactListInput>;

export const ZCreateFieldInput = z.object({
  key: ZFieldKey,
  type: z.enum(FIELD_TYPES),
  label: z.string().trim().max(80).default(''),
});

export const ZListErrorsInput = z.object({
  listId: z.uuid(),
  after: z.object({ row: z.number().int(), id: z.number().int() }).nullish(),
  limit: z.number().int().min(1).max(500).default(100),
});

const actorOf = (ctx: {
  org: { organizationId: string };
  session: { userId: string };
  requestId: string;
}) => ({
  organizationId: ctx.org.organizationId,
  userId: ctx.session.userId,
  requestId: ctx.requestId,
});

/** Contact lists (Campañas → Listados): the upload itself streams through POST /api/contact-lists/{id}/upload. */
export const contactListsRouter = createTRPCRouter({
  list: orgProcedure(...READERS)
    .meta({ scope: 'org' })
    .query(({ ctx }) => listContactLists(ctx.db, ctx.org.organizationId)),
  get: orgProcedure(...READERS)
    .meta({ scope: 'org', probe: (o) => ({ id: o.contactListId }) })
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getContactList(ctx.db, ctx.org.organizationId, input.id)),
  errors: orgProcedure(...READERS)
    .meta({ scope: 'org', probe: (o) => ({ listId: o.contactListId }) })
    .input(ZListErrorsInput)
    .query(({ ctx, input }) => contactListErrors(ctx.db, ctx.org.organizationId, input)),
  findByHash: orgProcedure(...WRITERS)
    .meta({ scope: 'org', probe: (o) => ({ sha256: o.contactListSha256 }) })
    .input(z.object({ sha256: ZSha256 }))
    .query(({ ctx, input }) => findListsByHash(ctx.db, ctx.org.organizationId, input.sha256)),
  create: orgProcedure(...WRITERS)
    .meta({
      scope: 'org',
      probe: (o) => ({
        name: 'Prueba de aislamiento',
        purpose: 'vacunacion',
        sha256: o.contactListSha256,
        mapping: { dni: 'dni' },
      }),
    })
    .input(ZCreateContactListInput)
    .mutation(({ ctx, input }) => createContactList(ctx.db, actorOf(ctx), input)),
  delete: orgProcedure(...WRITERS)
    .meta({ scope: 'org', probe: (o) => ({ id: o.contactListId }) })
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteContactList(ctx.db, actorOf(ctx), input.id)),
  fields: orgProcedure(...READERS)
    .meta({ scope: 'org' })
    .query(({ ctx }) => listFields(ctx.db, ctx.org.organizationId)),
  createField: orgProcedure(...WRITERS)
    .meta({ scope: 'org', probe: () => ({ key: 'aislamiento', type: 'text' }) })
    .input(ZCreateFieldInput)
    .mutation(({ ctx, input }) => createField(ctx.db, actorOf(ctx), input)),
});
