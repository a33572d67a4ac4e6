import type { ExecutionInput, Scope } from '../../lib/contracts/execution';
import type { FlowProgram } from '../../lib/contracts/program';

/** The variables an execution starts with: the roots it was given (copied) and its own `execution`. */
export function initialScope(program: FlowProgram, input: ExecutionInput, startTime: Date): Scope {
  const given = input.variables;
  return {
    contact: record(given.contact),
    call: record(given.call),
    message: record(given.message),
    input: record(given.input),
    vars: record(given.vars),
    execution: {
      id: input.executionId,
      flowId: program.flowId,
      versionId: program.versionId,
      startedAt: startTime.toISOString(),
      channel: input.channel,
    },
  };
}

/** Who the next message should come from: the sender that started the flow, else the contact's phone. */
export function replyAddressOf(scope: Scope): string | null {
  return (
    stringOrNull(scope.message, 'from') ??
    stringOrNull(scope.contact, 'phone') ??
    stringOrNull(scope.call, 'from')
  );
}

/** Who the execution is with, for its row: the caller, else the sender, else the contact's phone. */
export function contactRefOf(scope: Scope): string | null {
  return (
    stringOrNull(scope.call, 'from') ??
    stringOrNull(scope.message, 'from') ??
    stringOrNull(scope.contact, 'phone')
  );
}

/** A shallow copy of a plain object; anything else (arrays, null, scalars) becomes an empty one. */
export function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value } : {};
}

/** `container[key]` when it is a non-empty string. */
export function stringOrNull(container: unknown, key: string): string | null {
  if (container === null || typeof container !== 'object') return null;
  const v: unknown = Reflect.get(container, key);
  return typeof v === 'string' && v ? v : null;
}

const WRITABLE_ROOTS = new Set(['vars', 'contact', 'call', 'message']);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Applies `root.key[.sub]` assignments from a step; only writable roots change. Returns the paths set. */
export function applyAssignments(scope: Scope, set: Record<string, unknown>): string[] {
  const changed: string[] = [];
  for (const [path, value] of Object.entries(set)) {
    const [root, ...rest] = path.split('.');
    if (!root || !WRITABLE_ROOTS.has(root) || rest.length === 0 || rest.some((k) => FORBIDDEN_KEYS.has(k)))
      continue;
    let target = record(scope[root]);
    scope[root] = target;
    for (const key of rest.slice(0, -1)) {
      const nextLevel = record(target[key]);
      target[key] = nextLevel;
      target = nextLevel;
    }
    const last = rest[rest.length - 1];
    if (last === undefined) continue;
    target[last] = value;
    changed.push(path);
  }
  return changed;
}

/** What a step may change besides its assignments, to tell afterwards whether anything did. */
export function snapshotVars(scope: Scope): string {
  return JSON.stringify({ vars: scope.vars, contact: scope.contact });
}

/** The trace's `changed`: each assigned path with its value now; nothing when nothing changed. */
export function diffVars(before: string, scope: Scope, changed: string[]): Record<string, unknown> {
  if (changed.length === 0 && before === snapshotVars(scope)) return {};
  const out: Record<string, unknown> = {};
  for (const path of changed) {
    let v: unknown = scope;
    for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? Reflect.get(v, k) : undefined;
    out[path] = v;
  }
  return out;
}
