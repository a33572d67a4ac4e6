import { TRPCError } from '@trpc/server';

const CODES = {
  UNAUTHENTICATED: 'UNAUTHORIZED',
  NO_ACTIVE_ORGANIZATION: 'FORBIDDEN',
  NOT_A_MEMBER: 'FORBIDDEN',
  ROLE_REQUIRED: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  LAST_ADMIN: 'CONFLICT',
  INVALID_INPUT: 'BAD_REQUEST',
  DRAFT_CONFLICT: 'CONFLICT',
  FLOW_HAS_ERRORS: 'PRECONDITION_FAILED',
  FLOW_NOT_PUBLISHED: 'PRECONDITION_FAILED',
  INVALID_IMPORT: 'BAD_REQUEST',
  GRAPH_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  WRONG_TRIGGER: 'PRECONDITION_FAILED',
  EXECUTION_NOT_RUNNING: 'CONFLICT',
  BINDING_TAKEN: 'CONFLICT',
  SCENARIO_NAME_TAKEN: 'CONFLICT',
  SECRET_NAME_TAKEN: 'CONFLICT',
  NUMBER_TAKEN: 'CONFLICT',
  NUMBER_IN_USE: 'CONFLICT',
  NO_SUBACCOUNT: 'PRECONDITION_FAILED',
  SUBACCOUNT_TAKEN: 'CONFLICT',
  SUBACCOUNT_NOT_FOUND: 'BAD_REQUEST',
  SUBACCOUNT_FOREIGN: 'FORBIDDEN',
  SUBACCOUNT_UNVERIFIED: 'PRECONDITION_FAILED',
  TEMPORAL_UNAVAILABLE: 'INTERNAL_SERVER_ERROR',
  CAMPAIGN_BAD_TRANSITION: 'CONFLICT',
  CAMPAIGN_NOT_EDITABLE: 'CONFLICT',
  CAMPAIGN_INCOMPLETE: 'PRECONDITION_FAILED',
  NO_LLAME_MISSING: 'PRECONDITION_FAILED',
  NO_LLAME_STALE: 'PRECONDITION_FAILED',
  LIST_NOT_READY: 'PRECONDITION_FAILED',
  NO_LLAME_OLDER: 'CONFLICT',
} as const satisfies Record<string, TRPCError['code']>;

export type AppErrorCode = keyof typeof CODES;

/** The one error type of services; the tRPC error formatter maps `code` to a transport code. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: AppErrorCode, message?: string, details: Record<string, unknown> = {}) {
    super(message ?? code);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toTRPC(): TRPCError {
    return new TRPCError({ code: CODES[this.code], message: this.message, cause: this });
  }
}
