import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { AppError } from '@/server/errors';
import { recordAudit } from '@/server/services/audit/record-audit';

type Actor = { organizationId: string; userId: string; requestId: string };

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a key; the token is shown once and only its hash is stored. */
export async function createApiKey(db: Database, actor: Actor, args: { name: string }) {
  const prefix = randomBytes(4).toString('hex');
  const token = `cauce_${prefix}_${randomBytes(24).toString('base64url')}`;
  const [row] = await db
    .insert(schema.apiKey)
    .values({
      organizationId: actor.organizationId,
      name: args.name,
      prefix,
      hash: hashOf(token),
      createdBy: actor.userId,
    })
    .returning({
      id: schema.apiKey.id,
      name: schema.apiKey.name,
      prefix: schema.apiKey.prefix,
      createdAt: schema.apiKey.createdAt,
    });
  if (!row) throw new Error('api key insert returned nothing');
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action: 'api_key.created',
    targetType: 'api_key',
    targetId: row.id,
    data: { name: args.name, prefix },
    requestId: actor.requestId,
  });
  return { ...row, token };
}

export async function listApiKeys(db: Database, organizationId: string) {
  return db
    .select({
      id: schema.apiKey.id,
      name: schema.apiKey.name,
      prefix: schema.apiKey.prefix,
      createdAt: schema.apiKey.createdAt,
      lastUsedAt: schema.apiKey.lastUsedAt,
      revokedAt: schema.apiKey.revokedAt,
    })
    .from(schema.apiKey)
    .where(eq(schema.apiKey.organizationId, organizationId))
    .orderBy(desc(schema.apiKey.createdAt));
}

export async function revokeApiKey(db: Database, actor: Actor, args: { id: string }) {
  const [row] = await db
    .update(schema.apiKey)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(schema.apiKey.id, args.id),
        eq(schema.apiKey.organizationId, actor.organizationId),
        isNull(schema.apiKey.revokedAt),
      ),
    )
    .returning({ id: schema.apiKey.id });
  if (!row) throw new AppError('NOT_FOUND', 'API key not found');
  await recordAudit(db, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    action: 'api_key.revoked',
    targetType: 'api_key',
    targetId: row.id,
    requestId: actor.requestId,
  });
  return row;
}

/** The organismo a bearer token belongs to, or null for an unknown or revoked key. */
export async function authenticateApiKey(
  db: Database,
  token: string,
): Promise<{ organizationId: string; keyId: string } | null> {
  if (!/^cauce_[0-9a-f]{8}_[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const row = await db.query.apiKey.findFirst({
    where: and(eq(schema.apiKey.hash, hashOf(token)), isNull(schema.apiKey.revokedAt)),
  });
  if (!row) return null;
  await db.update(schema.apiKey).set({ lastUsedAt: new Date() }).where(eq(schema.apiKey.id, row.id));
  return { organizationId: row.organizationId, keyId: row.id };
}
