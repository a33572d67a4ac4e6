import { z } from 'zod';
import { VOICE_IDS, VOICES } from '../../lib/voices';
import type { Reference, ValidateContext } from '../dsl/node-definition';
import { invalidAs, type Problem, problem } from '../dsl/problems';
import { templateIssues, templateReferences, templateUses } from '../dsl/template';

export const ZVoice = z.enum(VOICE_IDS).default('Polly.Mia-Neural');
export function voiceLanguage(voice: string): string {
  return VOICES.find((v) => v.id === voice)?.language ?? 'es-MX';
}

export const ZTemplate = z.string().max(4000);
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
export const ZVariableName = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,39}$/, invalidAs('variableName'))
  .refine((name) => !RESERVED_NAMES.has(name), invalidAs('reservedName'));

/**
 * Template fields of a config, for the compiler's variable and filter checks; `heard` names the
 * fields whose text reaches a person (spoken or sent), where an empty variable leaves a hole.
 */
export function refs(fields: Record<string, string | undefined>, heard: readonly string[] = []): Reference[] {
  return Object.entries(fields).flatMap(([field, text]) => {
    if (!text) return [];
    const filterIssues = templateIssues(text);
    // Only placeholders with filters: the others are fully described by `paths`.
    const uses = templateUses(text).filter((u) => u.filters.length > 0);
    return [
      {
        field,
        paths: templateReferences(text),
        ...(filterIssues.length > 0 ? { filterIssues } : {}),
        ...(uses.length > 0 ? { uses } : {}),
        ...(heard.includes(field) ? { heard: true } : {}),
      },
    ];
  });
}

export function truncate(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A literal caller id that is not one of the organismo's numbers (compile and publish refuse it). */
export function callerIdProblems(callerId: string, ctx: ValidateContext): Problem[] {
  const number = callerId.trim();
  const own = ctx.resources.callerIds;
  if (!number || !own || own.includes(number)) return [];
  return [problem('CALLER_ID_NOT_OWNED', { nodeId: ctx.nodeId, field: 'callerId', params: { number } })];
}
