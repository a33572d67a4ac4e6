import 'server-only';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { nextCookies } from 'better-auth/next-js';
import { organization } from 'better-auth/plugins';
import { createAccessControl } from 'better-auth/plugins/access';
import { adminAc, defaultStatements, memberAc } from 'better-auth/plugins/organization/access';
import { and, asc, eq } from 'drizzle-orm';
import { type Database, getDb, schema } from '@/db';
import { baseUrl, env, settings } from '@/server/env';
import { DEV_AUTH_SECRET } from '@/server/secrets';
import { recordAudit } from '@/server/services/audit/record-audit';
import { accountThrottleHooks } from './account-throttle';

const ac = createAccessControl(defaultStatements);
const noOrgPermissions = ac.newRole(memberAc.statements);

/** better-auth with the drizzle adapter and the organization plugin (organismos = organizations). */
export function createAuth(
  db: Database,
  opts: { secret?: string; baseURL?: string; rateLimit?: boolean; trustedProxies?: string[] } = {},
) {
  const baseURL = opts.baseURL ?? baseUrl();
  const rateLimited = opts.rateLimit ?? process.env.NODE_ENV !== 'test';
  return betterAuth({
    appName: 'Cauce',
    baseURL,
    trustedOrigins: trustedOrigins(baseURL),
    secret: opts.secret ?? env().BETTER_AUTH_SECRET ?? DEV_AUTH_SECRET,
    database: drizzleAdapter(db, { provider: 'pg', schema }),
    // Accounts come from invitations and the seed only: no self sign-up.
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true, disableSignUp: true },
    // Cauce changes members through its own services (audit log, last-admin rule): better-auth's
    // organization and account endpoints are not reachable over HTTP.
    disabledPaths: DISABLED_PATHS,
    advanced: {
      ipAddress: {
        ipAddressHeaders: ['x-forwarded-for'],
        trustedProxies: opts.trustedProxies ?? settings().CAUCE_TRUSTED_PROXIES,
      },
    },
    telemetry: { enabled: false },
    // A contact center's agents sign in together from one NAT address at shift start: limit per
    // address generously, and tightly enough to slow password guessing.
    rateLimit: {
      enabled: rateLimited,
      storage: 'database',
      modelName: 'rateLimit',
      window: 60,
      max: 300,
      customRules: { '/sign-in/email': { window: 60, max: settings().SIGN_IN_RATE_LIMIT_PER_MINUTE } },
    },
    // Failed sign-ins per account, whatever the address (server/auth/account-throttle.ts).
    ...(rateLimited ? { hooks: accountThrottleHooks(db) } : {}),
    // Unexpected errors reach the route wrapper (server/http/route-handler.ts), which logs them with
    // the request id and answers a 500 that never carries the driver's message.
    onAPIError: { throw: true },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    databaseHooks: {
      session: {
        create: {
          // A new session opens on the user's first organismo, so every page has a tenant.
          before: async (s) => {
            const first = await db.query.member.findFirst({
              where: eq(schema.member.userId, s.userId),
              orderBy: asc(schema.member.createdAt),
            });
            return { data: { ...s, activeOrganizationId: first?.organizationId ?? null } };
          },
          after: async (s) => {
            const orgId = typeof s.activeOrganizationId === 'string' ? s.activeOrganizationId : null;
            await recordAudit(db, {
              organizationId: orgId,
              actorUserId: s.userId,
              action: 'auth.sign_in',
              data: { ipAddress: s.ipAddress ?? null, userAgent: s.userAgent ?? null },
            });
          },
        },
      },
    },
    plugins: [
      organization({
        ac,
        roles: {
          admin: adminAc,
          designer: noOrgPermissions,
          campaign_manager: noOrgPermissions,
          agent: noOrgPermissions,
          supervisor: noOrgPermissions,
        },
        creatorRole: 'admin',
        allowUserToCreateOrganization: false,
      }),
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** better-auth endpoints Cauce does not use (the app calls sign-in, sign-out and get-session only). */
const DISABLED_PATHS = [
  '/sign-up/email',
  '/change-email',
  '/delete-user',
  '/update-user',
  '/link-social',
  '/unlink-account',
  '/organization/create',
  '/organization/update',
  '/organization/delete',
  '/organization/add-member',
  '/organization/remove-member',
  '/organization/update-member-role',
  '/organization/leave',
  '/organization/invite-member',
  '/organization/accept-invitation',
  '/organization/reject-invitation',
  '/organization/cancel-invitation',
  '/organization/create-team',
  '/organization/remove-team',
  '/organization/update-team',
  '/organization/add-team-member',
  '/organization/remove-team-member',
];

/** A local server answers on localhost and 127.0.0.1 alike; TRUSTED_ORIGINS adds more (comma-separated). */
function trustedOrigins(baseURL: string): string[] {
  const url = new URL(baseURL);
  const origins = [url.origin];
  if (url.hostname === 'localhost' || url.hostname === '127.0.0.1') {
    origins.push(`${url.protocol}//localhost:${url.port}`, `${url.protocol}//127.0.0.1:${url.port}`);
  }
  const extra = (process.env.TRUSTED_ORIGINS ?? '').split(',').map((o) => o.trim());
  return [...new Set([...origins, ...extra.filter(Boolean)])];
}

const globalForAuth = globalThis as unknown as { cauceAuth?: Auth };

export function getAuth(): Auth {
  if (!globalForAuth.cauceAuth) globalForAuth.cauceAuth = createAuth(getDb());
  return globalForAuth.cauceAuth;
}

/** The member row of a user in an organismo, or undefined. */
export async function findMembership(db: Database, userId: string, organizationId: string) {
  return db.query.member.findFirst({
    where: and(eq(schema.member.userId, userId), eq(schema.member.organizationId, organizationId)),
  });
}
