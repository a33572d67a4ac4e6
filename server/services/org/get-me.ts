import { asc, eq } from 'drizzle-orm';
import { type Database, schema } from '@/db';
import { navFor, parseRoles } from '@/lib/roles';
import type { SessionInfo } from '@/server/api/trpc';
import { AppError } from '@/server/errors';

/** The signed-in user, their organismos with roles, and the active one with its navigation. */
export async function getMe(db: Database, session: SessionInfo) {
  const user = await db.query.user.findFirst({ where: eq(schema.user.id, session.userId) });
  if (!user) throw new AppError('UNAUTHENTICATED');
  const memberships = await db
    .select({
      organizationId: schema.organization.id,
      name: schema.organization.name,
      slug: schema.organization.slug,
      role: schema.member.role,
    })
    .from(schema.member)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.member.organizationId))
    .where(eq(schema.member.userId, session.userId))
    .orderBy(asc(schema.organization.name));
  const organizations = memberships.map((m) => ({ ...m, roles: parseRoles(m.role) }));
  const active = organizations.find((o) => o.organizationId === session.activeOrganizationId) ?? null;
  return {
    user: { id: user.id, name: user.name, email: user.email },
    organizations: organizations.map(({ role: _role, ...o }) => o),
    active: active ? { organizationId: active.organizationId, name: active.name, roles: active.roles } : null,
    nav: navFor(active?.roles ?? []).map((n) => ({ key: n.key, href: n.href })),
  };
}
