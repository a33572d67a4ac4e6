import { and, eq, sql } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import type { FlowProgram } from '@/lib/contracts/program';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';
import { getFlow, getVersion } from '@/server/services/flows/flows';
import { requireE164 } from '@/server/services/telephony/e164';
import { assertNumberFree } from '@/server/services/telephony/number-ownership';

/** What can start a flow: calls to a number, messages to a number, a keyword, a campaign. */
export const BINDING_TYPES = ['voice_number', 'message_number', 'keyword', 'campaign'] as const;
type BindingType = (typeof BINDING_TYPES)[number];

const TRIGGER_FOR: Record<BindingType, string> = {
  voice_number: 'trigger_incoming_call',
  message_number: 'trigger_incoming_message',
  keyword: 'trigger_incoming_message',
  campaign: 'trigger_campaign_contact',
};

type Actor = { organizationId: string; userId: string; requestId: string };

/** Numbers are E.164; a keyword binding is "<number or *>:<KEYWORD>" in upper case. */
export function normalizeAddress(type: BindingType, address: string): string {
  const trimmed = address.trim();
  if (type === 'voice_number' || type === 'message_number') return requireE164(trimmed);
  if (type === 'keyword') {
    const [number = '', keyword = ''] = trimmed.split(':');
    const n = number === '*' ? '*' : normalizeAddress('message_number', number);
    const k = keyword.trim().toLocaleUpperCase('es-AR');
    if (!/^[\p{L}\p{N}]{1,30}$/u.test(k))
      throw new AppError('INVALID_INPUT', 'A keyword is one word of letters and digits');
    return `${n}:${k}`;
  }
  return trimmed;
}

export async function createBinding(
  db: Database,
  actor: Actor,
  args: { flowId: string; type: BindingType; address: string; pinnedVersion?: number | undefined },
) {
  await getFlow(db, actor.organizationId, args.flowId);
  if (args.pinnedVersion !== undefined)
    await getVersion(db, actor.organizationId, args.flowId, args.pinnedVersion);
  const address = normalizeAddress(args.type, args.address);
  const taken = await db.query.flowBinding.findFirst({
    where: and(eq(schema.flowBinding.type, args.type), eq(schema.flowBinding.address, address)),
  });
  if (taken) throw new AppError('BINDING_TAKEN', 'That number or keyword already starts another flow');
  // A number another organismo registered (settings → Telefonía) or bound is not this one's to bind.
  const number = args.type === 'keyword' ? address.split(':')[0] : args.type === 'campaign' ? '*' : address;
  if (number && number !== '*') await assertNumberFree(db, actor.organizationId, number);
  const [row] = await db
    .insert(schema.flowBinding)
    .values({
      organizationId: actor.organizationId,
      flowId: args.flowId,
      type: args.type,
      address,
      pinnedVersion: args.pinnedVersion ?? null,
    })
    .returning();
  if (!row) throw new Error('binding insert returned nothing');
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action: 'binding.created',
    targetType: 'flow',
    targetId: args.flowId,
    data: { type: args.type, address, pinnedVersion: args.pinnedVersion ?? null },
    requestId: actor.requestId,
  });
  return row;
}

export async function listBindings(db: Database, organizationId: string, flowId?: string) {
  return db
    .select()
    .from(schema.flowBinding)
    .where(
      and(
        eq(schema.flowBinding.organizationId, organizationId),
        flowId ? eq(schema.flowBinding.flowId, flowId) : undefined,
      ),
    );
}

export async function deleteBinding(db: Database, actor: Actor, args: { id: string }) {
  const [row] = await db
    .delete(schema.flowBinding)
    .where(
      and(eq(schema.flowBinding.id, args.id), eq(schema.flowBinding.organizationId, actor.organizationId)),
    )
    .returning();
  if (!row) throw new AppError('NOT_FOUND', 'Binding not found');
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action: 'binding.deleted',
    targetType: 'flow',
    targetId: row.flowId,
    data: { type: row.type, address: row.address },
    requestId: actor.requestId,
  });
  return { id: row.id };
}

/**
 * The flow bound to an address, with its organismo's time zone: the published (or pinned) version's
 * program, or null when nothing usable is bound. One query on the webhook's path; programs are
 * immutable per version, so a recent one comes from memory instead of the database.
 */
export async function resolveBinding(
  db: Database,
  type: BindingType,
  rawAddress: string,
): Promise<{
  organizationId: string;
  flowId: string;
  version: number;
  program: FlowProgram;
  timeZone: string;
} | null> {
  let address: string;
  try {
    address = normalizeAddress(type, rawAddress);
  } catch {
    return null;
  }
  const b = schema.flowBinding;
  const v = schema.flowVersion;
  const [row] = await db
    .select({
      organizationId: b.organizationId,
      flowId: b.flowId,
      timeZone: schema.organization.timezone,
      versionId: v.id,
      version: v.version,
    })
    .from(b)
    .innerJoin(schema.organization, eq(schema.organization.id, b.organizationId))
    .innerJoin(
      v,
      and(
        eq(v.flowId, b.flowId),
        eq(v.organizationId, b.organizationId),
        sql`${v.version} = coalesce(${b.pinnedVersion}, (select max(latest.version) from ${v} latest where latest.flow_id = ${b.flowId} and latest.organization_id = ${b.organizationId}))`,
      ),
    )
    .where(and(eq(b.type, type), eq(b.address, address)))
    .limit(1);
  if (!row) return null;
  const program = await programOf(db, row.organizationId, row.versionId);
  if (!program || program.trigger.kind !== TRIGGER_FOR[type]) return null;
  return {
    organizationId: row.organizationId,
    flowId: row.flowId,
    version: row.version,
    program,
    timeZone: row.timeZone,
  };
}

const PROGRAMS_KEPT = 100;
const programs = new Map<string, FlowProgram>();

/** A version's program (immutable once published), from memory when it was read recently. */
async function programOf(
  db: Database,
  organizationId: string,
  versionId: string,
): Promise<FlowProgram | null> {
  const kept = programs.get(versionId);
  if (kept) {
    // Most recently used last, so the oldest is the one dropped.
    programs.delete(versionId);
    programs.set(versionId, kept);
    return kept;
  }
  const found = await db.query.flowVersion.findFirst({
    where: and(eq(schema.flowVersion.id, versionId), eq(schema.flowVersion.organizationId, organizationId)),
    columns: { program: true },
  });
  if (!found) return null;
  programs.set(versionId, found.program);
  for (const oldest of programs.keys()) {
    if (programs.size <= PROGRAMS_KEPT) break;
    programs.delete(oldest);
  }
  return found.program;
}
