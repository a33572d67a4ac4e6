import type { ScenarioDifference } from './types';

/** A message of the `testScenarios` catalog namespace with its values; the caller's translator words it. */
type DifferenceMessage =
  | { key: 'difference.path'; values: { expected: string; actual: string } }
  | { key: 'difference.pathStart'; values: { expected: string } }
  | { key: 'difference.pathEnded'; values: { expected: string; previous: string } }
  | { key: 'difference.pathFurther'; values: { previous: string; actual: string } }
  | { key: 'difference.outcome'; values: { expected: string; actual: string } }
  | { key: 'difference.variable'; values: { path: string; expected: string; actual: string } }
  | { key: 'difference.message'; values: { n: number; expected: string; actual: string } }
  | { key: 'difference.messageMissing'; values: { n: number; expected: string } }
  | { key: 'difference.messageExtra'; values: { actual: string } }
  | { key: 'difference.flowHasErrors'; values: Record<string, never> }
  | { key: 'difference.invalidInput'; values: { detail: string } }
  | { key: 'difference.timeout'; values: { at: string } }
  | { key: 'difference.failed'; values: { at: string; detail: string } };

/**
 * Words the first difference of a run with the nodes' names as the designer sees them
 * («Menú principal»), so a failed scenario reads "Esperaba pasar por «X», pasó por «Y»".
 */
export function differenceMessage(
  d: ScenarioDifference,
  labelOf: (nodeId: string) => string,
): DifferenceMessage {
  const outcomeText = (o: string | null) => o ?? '—';
  switch (d.kind) {
    case 'path':
      if (d.expected !== null && d.actual !== null)
        return {
          key: 'difference.path',
          values: { expected: labelOf(d.expected), actual: labelOf(d.actual) },
        };
      if (d.expected !== null && d.previous === null)
        return { key: 'difference.pathStart', values: { expected: labelOf(d.expected) } };
      if (d.expected !== null)
        return {
          key: 'difference.pathEnded',
          values: { expected: labelOf(d.expected), previous: labelOf(d.previous ?? '') },
        };
      return {
        key: 'difference.pathFurther',
        values: { previous: labelOf(d.previous ?? ''), actual: labelOf(d.actual ?? '') },
      };
    case 'outcome':
      return {
        key: 'difference.outcome',
        values: { expected: outcomeText(d.expected), actual: outcomeText(d.actual) },
      };
    case 'variable':
      return { key: 'difference.variable', values: { path: d.path, expected: d.expected, actual: d.actual } };
    case 'message':
      if (d.expected !== null && d.actual !== null)
        return {
          key: 'difference.message',
          values: { n: d.index + 1, expected: d.expected, actual: d.actual },
        };
      if (d.expected !== null)
        return { key: 'difference.messageMissing', values: { n: d.index + 1, expected: d.expected } };
      return { key: 'difference.messageExtra', values: { actual: d.actual ?? '' } };
    case 'error':
      if (d.code === 'FLOW_HAS_ERRORS') return { key: 'difference.flowHasErrors', values: {} };
      if (d.code === 'INVALID_INPUT') return { key: 'difference.invalidInput', values: { detail: d.detail } };
      if (d.code === 'TIMEOUT') return { key: 'difference.timeout', values: { at: labelOf(d.at ?? '') } };
      return { key: 'difference.failed', values: { at: labelOf(d.at ?? ''), detail: d.detail } };
  }
}

/** A node's name on the canvas: its own label, else its kind's title and its id. */
export function nodeLabel(
  nodes: { id: string; label?: string | undefined; title?: string | undefined }[],
  nodeId: string,
): string {
  if (!nodeId) return '—';
  const node = nodes.find((n) => n.id === nodeId);
  if (node?.label?.trim()) return node.label.trim();
  return node?.title ? `${node.title} (${nodeId})` : nodeId;
}
