import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { PHONE_NUMBER_KINDS, TELEPHONY_ACCOUNTS } from '@/db/schema/telephony';
import { createTRPCRouter, orgProcedure } from '@/server/api/trpc';
import { removeSubaccount, saveSenders, saveSubaccount } from '@/server/services/telephony/account-settings';
import { telephonyOverview } from '@/server/services/telephony/overview';
import { addNumber, removeNumber } from '@/server/services/telephony/phone-numbers';

const ZSaveSubaccountInput = z.object({
  subaccountSid: z
    .string()
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hex digits'),
  authToken: z
    .string()
    .trim()
    .regex(/^[0-9a-fA-F]{32}$/, '32 hex digits'),
});

const ZSaveSendersInput = z.object({
  messagingServiceSid: z
    .string()
    .trim()
    .regex(/^(MG[0-9a-fA-F]{32})?$/, 'MG followed by 32 hex digits'),
  defaultCallerId: z.string().trim().max(30),
});

const ZAddNumberInput = z.object({
  number: z.string().trim().min(1).max(40),
  kind: z.enum(PHONE_NUMBER_KINDS),
  account: z.enum(TELEPHONY_ACCOUNTS).default('platform'),
  label: z.string().trim().max(80).optional(),
});

/**
 * Settings → Telefonía, for the organismo's admins. Cauce has no platform-wide administrator role
 * (coordinacion@cauce.demo is an ordinary member of two organismos), so an organismo's admin
 * registers its own numbers, on the platform account or its subaccount; a number has one owner on
 * the whole platform (the first organismo that registers or binds it).
 */
export const telephonyRouter = createTRPCRouter({
  overview: orgProcedure('admin')
    .meta({ scope: 'org' })
    .query(({ ctx }) => telephonyOverview(ctx.db, ctx.org.organizationId)),
  saveSubaccount: orgProcedure('admin')
    .meta({
      scope: 'org',
      probe: () => ({ subaccountSid: `AC${'0'.repeat(32)}`, authToken: 'f'.repeat(32) }),
    })
    .input(ZSaveSubaccountInput)
    .mutation(({ ctx, input }) => saveSubaccount(ctx.db, actorOf(ctx), input)),
  removeSubaccount: orgProcedure('admin')
    .meta({ scope: 'org' })
    .mutation(({ ctx }) => removeSubaccount(ctx.db, actorOf(ctx))),
  saveSenders: orgProcedure('admin')
    .meta({ scope: 'org', probe: () => ({ messagingServiceSid: '', defaultCallerId: '' }) })
    .input(ZSaveSendersInput)
    .mutation(({ ctx, input }) =>
      saveSenders(ctx.db, actorOf(ctx), {
        messagingServiceSid: input.messagingServiceSid || null,
        defaultCallerId: input.defaultCallerId || null,
      }),
    ),
  addNumber: orgProcedure('admin')
    .meta({
      scope: 'org',
      probe: () => ({ number: `+54341${randomInt(1_000_000, 9_999_999)}`, kind: 'voice_sms' }),
    })
    .input(ZAddNumberInput)
    .mutation(({ ctx, input }) => addNumber(ctx.db, actorOf(ctx), input)),
  removeNumber: orgProcedure('admin')
    .meta({ scope: 'org', probe: (o) => ({ id: o.phoneNumberId }) })
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => removeNumber(ctx.db, actorOf(ctx), input)),
});

function actorOf(ctx: { org: { organizationId: string }; session: { userId: string }; requestId: string }) {
  return { organizationId: ctx.org.organizationId, userId: ctx.session.userId, requestId: ctx.requestId };
}
