import { and, asc, eq, inArray } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';
import { decryptSecret, encryptSecret } from '@/server/secrets';
import { recordAudit } from '@/server/services/audit/record-audit';

type Actor = { organizationId: string; userId: string; requestId: string };

/** The organismo and the name are authenticated with the value: a row copied elsewhere does not decrypt. */
export function orgSecretContext(organizationId: string, name: string): string {
  return `org-secret:${organizationId}:${name}`;
}

/** Names and dates only: a secret's value never leaves the server once saved. */
export async function listOrgSecrets(db: Database, organizationId: string) {
  return db
    .select({
      id: schema.orgSecret.id,
      name: schema.orgSecret.name,
      createdAt: schema.orgSecret.createdAt,
      updatedAt: schema.orgSecret.updatedAt,
    })
    .from(schema.orgSecret)
    .where(eq(schema.orgSecret.organizationId, organizationId))
    .orderBy(asc(schema.orgSecret.name));
}

export async function orgSecretNames(db: Database, organizationId: string): Promise<string[]> {
  return (await listOrgSecrets(db, organizationId)).map((s) => s.name);
}

export async function createOrgSecret(db: Database, actor: Actor, args: { name: string; value: string }) {
  const [row] = await db
    .insert(schema.orgSecret)
    .values({
      organizationId: actor.organizationId,
      name: args.name,
      ciphertext: encryptSecret(args.value, orgSecretContext(actor.organizationId, args.name)),
      createdBy: actor.userId,
    })
    .onConflictDoNothing({ target: [schema.orgSecret.organizationId, schema.orgSecret.name] })
    .returning({ id: schema.orgSecret.id, name: schema.orgSecret.name });
  if (!row) throw new AppError('SECRET_NAME_TAKEN', 'This organismo already has a secret with that name');
  await audit(db, actor, 'secret.created', row);
  return row;
}

/** A new value for an existing secret; executions already running pick it up on their next request. */
export async function replaceOrgSecret(db: Database, actor: Actor, args: { id: string; value: string }) {
  const current = await findOwn(db, actor.organizationId, args.id);
  const [row] = await db
    .update(schema.orgSecret)
    .set({
      ciphertext: encryptSecret(args.value, orgSecretContext(actor.organizationId, current.name)),
      updatedAt: new Date(),
    })
    .where(and(eq(schema.orgSecret.id, args.id), eq(schema.orgSecret.organizationId, actor.organizationId)))
    .returning({ id: schema.orgSecret.id, name: schema.orgSecret.name });
  if (!row) throw new AppError('NOT_FOUND', 'Secret not found');
  await audit(db, actor, 'secret.replaced', row);
  return row;
}

export async function deleteOrgSecret(db: Database, actor: Actor, args: { id: string }) {
  const [row] = await db
    .delete(schema.orgSecret)
    .where(and(eq(schema.orgSecret.id, args.id), eq(schema.orgSecret.organizationId, actor.organizationId)))
    .returning({ id: schema.orgSecret.id, name: schema.orgSecret.name });
  if (!row) throw new AppError('NOT_FOUND', 'Secret not found');
  await audit(db, actor, 'secret.deleted', row);
  return row;
}

/**
 * The plaintext of the named secrets of one organismo, for the HTTP activity only. A name the
 * organismo does not have (deleted after publishing, or another organismo's) is refused.
 */
export async function resolveOrgSecrets(
  db: Database,
  organizationId: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(names)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ name: schema.orgSecret.name, ciphertext: schema.orgSecret.ciphertext })
    .from(schema.orgSecret)
    .where(and(eq(schema.orgSecret.organizationId, organizationId), inArray(schema.orgSecret.name, wanted)));
  const found = new Map(
    rows.map((r) => [r.name, decryptSecret(r.ciphertext, orgSecretContext(organizationId, r.name))]),
  );
  const missing = wanted.filter((n) => !found.has(n));
  if (missing.length > 0) {
    throw new AppError('NOT_FOUND', `Secret ${missing.join(', ')} does not exist in this organismo`);
  }
  return found;
}

async function findOwn(db: Database, organizationId: string, id: string) {
  const row = await db.query.orgSecret.findFirst({
    where: and(eq(schema.orgSecret.id, id), eq(schema.orgSecret.organizationId, organizationId)),
    columns: { name: true },
  });
  if (!row) throw new AppError('NOT_FOUND', 'Secret not found');
  return row;
}

function audit(db: Database, actor: Actor, action: string, row: { id: string; name: string }) {
  return recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action,
    targetType: 'org_secret',
    targetId: row.id,
    data: { name: row.name },
    requestId: actor.requestId,
  });
}
