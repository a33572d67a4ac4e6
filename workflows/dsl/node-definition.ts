import type { z } from 'zod';
import type { ValueType } from './filters';
import type { Localized, Problem } from './problems';
import type { FilterIssue, TemplateUse } from './template';

/** One of the organismo's own citizen fields (`citizen_field`), read after a lookup as `contact.<key>`. */
export type CitizenField = { key: string; type: ValueType; label?: string };

export type NodeCategory = 'trigger' | 'voice' | 'messaging' | 'logic' | 'backoffice';
export type Channel = 'voice' | 'sms' | 'whatsapp' | 'email' | 'api' | 'campaign';

export type PortDef = {
  id: string;
  label: Localized;
  /** A required port must be connected; optional ones end the execution when left open. */
  required: boolean;
};

/** Organismo resources the compiler checks references against. */
export type CompileResources = {
  flowId: string;
  queues: ReadonlySet<string>;
  areas: ReadonlySet<string>;
  schedules: ReadonlySet<string>;
  /** flowId → published version numbers (empty when none is published). */
  flows: ReadonlyMap<string, readonly number[]>;
  /** Hosts HTTP request nodes may call; null means the check is skipped (browser preview). */
  allowedHosts: readonly string[] | null;
  /**
   * The organismo's own voice numbers, the only caller ids a call may show; absent or null means
   * the check is skipped (a preview without them). The call activities check templated ones again.
   */
  callerIds?: readonly string[] | null;
  /** Names of the organismo's secrets HTTP nodes may refer to; null skips the check. */
  secrets: ReadonlySet<string> | null;
  /**
   * The organismo's own citizen fields, typed, besides the fixed ones (workflows/dsl/contact-fields.ts);
   * absent means none, so `contact.<anything else>` is reported.
   */
  citizenFields?: readonly CitizenField[];
};

/** Display name of an organismo resource a config refers to by id; undefined when unknown. */
export type NameOf = (resource: 'queues' | 'areas' | 'schedules' | 'flows', id: string) => string | undefined;

export type ValidateContext = { nodeId: string; resources: CompileResources; triggerKind: string | null };

/**
 * Template or condition text of one config field: the variables it reads, and what the compiler
 * checks in it beyond them (filters it refuses; a `matches` pattern known before running).
 */
export type Reference = {
  field: string;
  paths: string[];
  filterIssues?: FilterIssue[];
  regex?: string;
  /** The placeholders with their filters, for the type checks of filters. */
  uses?: TemplateUse[];
  /** The text reaches a person (spoken, sent): a variable that may be empty needs a fallback. */
  heard?: boolean;
};

/**
 * What a node defines for the nodes after it, on a given output port; `nonEmpty` names variables
 * known to hold a value there (a split's case on «no está vacío»).
 */
export type Definitions = { port: string | '*'; variables: string[]; nonEmpty?: string[] }[];

/**
 * Everything a node kind is, except its interpreter step (workflows/nodes/<kind>/run.ts) and its
 * canvas look: pure, so it runs in the browser, the server and the workflow. `K` keeps the kind's
 * literal, from which workflows/kinds/registry.ts derives the `NodeKind` union.
 */
export type NodeDefinition<S extends z.ZodType = z.ZodType, K extends string = string> = {
  kind: K;
  category: NodeCategory;
  title: Localized;
  description: Localized;
  schema: S;
  ports(config: z.output<S>): PortDef[];
  /** Durably waits (timer, caller input, signal): a loop through it cannot spin. */
  waits(config: z.output<S>): boolean;
  /** Template or condition text the node renders, by config field, for variable checks. */
  references(config: z.output<S>): Reference[];
  defines(config: z.output<S>): Definitions;
  /**
   * Triggers: the variables an execution starts with, named one by one for the inspector's hints
   * (`defines` may cover them with a wildcard such as `call.*`, which a hint cannot show).
   */
  offers?: readonly string[];
  validate?(config: z.output<S>, ctx: ValidateContext): Problem[];
  /** Voice-only nodes are refused in message and API flows. */
  channels?: readonly Channel[];
  /** One line for the canvas; resource ids are shown by name when the caller can look them up. */
  summary(config: z.output<S>, locale: 'es-AR' | 'en', nameOf?: NameOf): string;
  /**
   * The text a node's default name is made of when the designer has not named it (its first words
   * are the name); absent, the summary's. Never part of the program: a name changes no behaviour.
   */
  nameSource?(config: z.output<S>, locale: 'es-AR' | 'en', nameOf?: NameOf): string;
};

export function defineNode<S extends z.ZodType, const K extends string>(
  def: NodeDefinition<S, K>,
): NodeDefinition<S, K> {
  return def;
}

export function port(id: string, es: string, en: string, required = true): PortDef {
  return { id, label: { 'es-AR': es, en }, required };
}

export const noReferences = (): Reference[] => [];
export const noDefinitions = (): Definitions => [];
export const neverWaits = () => false;
