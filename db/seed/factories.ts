import { randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { type Role, serializeRoles } from '@/lib/roles';
import { type Database, schema } from '../index';

/** Building blocks shared by the demo seed and the tests' fixtures. */

export async function createOrganization(db: Database, args: { name: string; slug: string }) {
  const [row] = await db
    .insert(schema.organization)
    .values({ id: randomUUID(), name: args.name, slug: args.slug })
    .returning();
  if (!row) throw new Error('organization insert returned nothing');
  return row;
}

/** A user with an email/password credential that better-auth accepts. */
export async function createUser(
  db: Database,
  args: { name: string; email: string; password: string; passwordHash?: string },
) {
  const id = randomUUID();
  const [row] = await db
    .insert(schema.user)
    .values({ id, name: args.name, email: args.email.toLowerCase(), emailVerified: true })
    .returning();
  if (!row) throw new Error('user insert returned nothing');
  await db.insert(schema.account).values({
    id: randomUUID(),
    accountId: id,
    providerId: 'credential',
    userId: id,
    password: args.passwordHash ?? (await hashPassword(args.password)),
  });
  return row;
}

export async function addMember(
  db: Database,
  args: { organizationId: string; userId: string; roles: Role[] },
) {
  const [row] = await db
    .insert(schema.member)
    .values({
      id: randomUUID(),
      organizationId: args.organizationId,
      userId: args.userId,
      role: serializeRoles(args.roles),
    })
    .returning();
  if (!row) throw new Error('member insert returned nothing');
  return row;
}

export async function createQueue(
  db: Database,
  args: { organizationId: string; name: string; description?: string },
) {
  const [row] = await db
    .insert(schema.queue)
    .values({ organizationId: args.organizationId, name: args.name, description: args.description ?? '' })
    .returning();
  if (!row) throw new Error('queue insert returned nothing');
  return row;
}

export async function createAgent(
  db: Database,
  args: { organizationId: string; userId: string; skills?: string[]; queueIds?: string[] },
) {
  const [row] = await db
    .insert(schema.agent)
    .values({ organizationId: args.organizationId, userId: args.userId, skills: args.skills ?? [] })
    .returning();
  if (!row) throw new Error('agent insert returned nothing');
  for (const queueId of args.queueIds ?? []) {
    await db
      .insert(schema.queueAgent)
      .values({ organizationId: args.organizationId, queueId, agentId: row.id });
  }
  return row;
}
