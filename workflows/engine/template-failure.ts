import type { StepResult } from '../../lib/contracts/execution';

/**
 * The result of a step whose template could not render (a filter's Intl call threw), as the
 * node's other failures look: its `failed` port with vars.last_error, or an HTTP request's
 * `failure` port with vars.http_error. Null for a node with no such port: the execution fails.
 */
export function templateFailure(next: Record<string, string | null>, message: string): StepResult | null {
  if (Object.hasOwn(next, 'failed')) return { port: 'failed', set: { 'vars.last_error': message } };
  if (Object.hasOwn(next, 'failure'))
    return { port: 'failure', set: { 'vars.http_status': null, 'vars.http_error': message } };
  return null;
}
