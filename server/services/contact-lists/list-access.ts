import 'server-only';
import type { Database } from '@/db';
import { parseRoles, type Role } from '@/lib/roles';
import type { SessionInfo } from '@/server/api/trpc';
import { findMembership } from '@/server/auth/auth';

export const LIST_READERS: readonly Role[] = ['campaign_manager', 'supervisor', 'admin'];
export const LIST_WRITERS: readonly Role[] = ['campaign_manager', 'admin'];

export type ListAccess =
  | { ok: true; organizationId: string; userId: string }
  | { ok: false; response: Response };

/**
 * The check the tRPC middleware makes (session → membership in the active organismo → one of the
 * roles), for the list routes that stream and so cannot be procedures.
 */
export async function listAccess(
  db: Database,
  session: SessionInfo | null,
  allowed: readonly Role[],
): Promise<ListAccess> {
  const no = (status: number, message: string) => ({ ok: false as const, response: refuse(status, message) });
  if (!session) return no(401, 'Sign in first');
  const organizationId = session.activeOrganizationId;
  if (!organizationId) return no(403, 'No active organismo');
  const membership = await findMembership(db, session.userId, organizationId);
  if (!membership) return no(403, 'Not a member of this organismo');
  if (!parseRoles(membership.role).some((r) => allowed.includes(r)))
    return no(403, `Requires one of: ${allowed.join(', ')}`);
  return { ok: true, organizationId, userId: session.userId };
}

export function refuse(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error: message, ...extra }, { status, headers: { 'cache-control': 'no-store' } });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);
