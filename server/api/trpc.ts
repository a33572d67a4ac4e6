import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import { type Database, schema } from '@/db';
import { parseRoles, type Role } from '@/lib/roles';
import { findMembership } from '@/server/auth/auth';
import { settings } from '@/server/env';
import { AppError } from '@/server/errors';
import { type Logger, logger } from '@/server/logger';
import { appTemporalClient } from '@/server/services/executions/engine-deps-from-env';

export type SessionInfo = { id: string; userId: string; activeOrganizationId: string | null };

export type Context = {
  db: Database;
  session: SessionInfo | null;
  requestId: string;
  log: Logger;
  /** The Temporal client, resolved lazily (most procedures never touch it). */
  temporal: () => Promise<Client>;
  taskQueue: string;
};

export type TenancyScope = 'public' | 'user' | 'org';

/**
 * How a procedure relates to tenants; the cross-tenant test reads it for every procedure.
 * `builtOn` is set by the base procedure; `scope` (and `probe`, an input that names another
 * organismo's objects) each procedure declares itself, so one built without thinking about
 * tenancy fails that test instead of inheriting an answer.
 */
export type ProcedureMeta = {
  builtOn?: TenancyScope;
  scope?: TenancyScope;
  probe?: (other: TenantProbe) => unknown;
};

/** Ids of objects that belong to an organismo the caller is not a member of. */
export type TenantProbe = {
  organizationId: string;
  memberId: string;
  queueId: string;
  userId: string;
  flowId: string;
  executionId: string;
  apiKeyId: string;
  bindingId: string;
  recordingId: string;
  /** A citizen of the shared base whose interactions are with the other organismo only. */
  citizenId: string;
  phoneNumberId: string;
  scenarioId: string;
  secretId: string;
  campaignId: string;
  contactListId: string;
  /** The sha256 of the file that list was made from (a re-upload check must not reveal it). */
  contactListSha256: string;
  /** A row of its do-not-contact register. */
  doNotContactId: string;
};

export function createContext(opts: {
  db: Database;
  session: SessionInfo | null;
  requestId?: string;
  temporal?: () => Promise<Client>;
  taskQueue?: string;
}): Context {
  const requestId = opts.requestId ?? randomUUID();
  return {
    db: opts.db,
    session: opts.session,
    requestId,
    log: logger.child({ requestId }),
    temporal: opts.temporal ?? appTemporalClient,
    taskQueue: opts.taskQueue ?? settings().TEMPORAL_TASK_QUEUE,
  };
}

/** What a 5xx says in production instead of its cause; the log keeps the cause with the request id. */
export const INTERNAL_MESSAGE = 'Internal server error';

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      // A crash's message can carry SQL and its parameters (drizzle): production answers only that it failed.
      const masked = shape.data.httpStatus >= 500 && settings().NODE_ENV === 'production';
      return {
        ...shape,
        ...(masked ? { message: INTERNAL_MESSAGE } : {}),
        data: {
          ...shape.data,
          ...(masked ? { stack: undefined } : {}),
          appCode: cause instanceof AppError ? cause.code : null,
          zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const withErrors = t.middleware(async ({ next, path, type, ctx }) => {
  const started = performance.now();
  const result = await next();
  if (!result.ok) {
    const err = result.error;
    if (err.cause instanceof AppError) {
      const mapped = err.cause.toTRPC();
      const level = mapped.code === 'INTERNAL_SERVER_ERROR' ? 'error' : 'info';
      ctx.log[level]({ path, type, code: err.cause.code }, 'procedure failed');
      return { ...result, error: mapped };
    }
    if (err.code === 'INTERNAL_SERVER_ERROR') ctx.log.error({ path, type, err }, 'procedure crashed');
  } else {
    ctx.log.info({ path, type, ms: Math.round(performance.now() - started) }, 'procedure');
  }
  return result;
});

const base = t.procedure.use(withErrors);

/** Signed-in users, for what belongs to the user rather than to an organismo. */
export const userProcedure = base.meta({ builtOn: 'user' }).use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next({ ctx: { session: ctx.session } });
});

type OrgContext = { organizationId: string; memberId: string; roles: Role[] };

/**
 * session → membership in the active organismo → roles. Every tenant-owned query reads
 * `ctx.org.organizationId`; `roles` narrows who may call (any one of them suffices).
 */
export function orgProcedure(...allowed: Role[]) {
  return userProcedure.meta({ builtOn: 'org' }).use(async ({ ctx, next }) => {
    const organizationId = ctx.session.activeOrganizationId;
    if (!organizationId) throw new AppError('NO_ACTIVE_ORGANIZATION').toTRPC();
    const membership = await findMembership(ctx.db, ctx.session.userId, organizationId);
    if (!membership) throw new AppError('NOT_A_MEMBER').toTRPC();
    const roles = parseRoles(membership.role);
    if (allowed.length > 0 && !roles.some((r) => allowed.includes(r))) {
      throw new AppError('ROLE_REQUIRED', `Requires one of: ${allowed.join(', ')}`).toTRPC();
    }
    const org: OrgContext = { organizationId, memberId: membership.id, roles };
    return next({ ctx: { org, log: ctx.log.child({ organizationId, userId: ctx.session.userId }) } });
  });
}

export { schema };
