import { z } from 'zod';
import type { NodeDefinition } from '@/workflows/dsl/node-definition';

type JSONSchema = z.core.JSONSchema.JSONSchema;

type ResourceKind = 'queues' | 'areas' | 'schedules' | 'flows';

/** One form control of the inspector, derived from a node kind's zod schema. */
export type FieldSpec =
  | {
      type: 'string';
      multiline: boolean;
      /** Free text that may hold {{variables}}: the inspector lists the ones available. */
      template: boolean;
      resource: ResourceKind | null;
      pattern: string | null;
      maxLength: number | null;
    }
  | {
      type: 'number';
      integer: boolean;
      min: number | null;
      max: number | null;
      nullable: boolean;
      constant: string | null;
    }
  | { type: 'boolean' }
  | { type: 'enum'; options: string[] }
  | { type: 'list'; item: FieldSpec; minItems: number; maxItems: number | null }
  | { type: 'object'; fields: ObjectField[] }
  | { type: 'unsupported' };

type ObjectField = { key: string; required: boolean; spec: FieldSpec; defaultValue: unknown };

const RESOURCE_KEYS: Record<string, ResourceKind> = {
  queueId: 'queues',
  areaId: 'areas',
  scheduleId: 'schedules',
  flowId: 'flows',
};

const cache = new WeakMap<NodeDefinition, FieldSpec>();

/** The form of a node kind, built once per kind from `z.toJSONSchema` (input side, so defaults show). */
export function formSpecOf(def: NodeDefinition): FieldSpec {
  const hit = cache.get(def);
  if (hit) return hit;
  const spec = specOf(z.toJSONSchema(def.schema, { io: 'input', unrepresentable: 'any' }), null);
  cache.set(def, spec);
  return spec;
}

function specOf(schema: JSONSchema | boolean | undefined, key: string | null): FieldSpec {
  if (schema === undefined || typeof schema === 'boolean') return { type: 'unsupported' };
  if (schema.enum?.every((v) => typeof v === 'string')) {
    return { type: 'enum', options: schema.enum.filter((v) => typeof v === 'string') };
  }
  if (schema.anyOf) return unionSpec(schema.anyOf, key);
  switch (schema.type) {
    case 'string': {
      const resource = key ? (RESOURCE_KEYS[key] ?? null) : null;
      const maxLength = schema.maxLength ?? null;
      const freeText = !schema.pattern && !schema.format && resource === null;
      return {
        type: 'string',
        resource,
        pattern: schema.pattern ?? null,
        maxLength,
        template: freeText && (maxLength ?? 0) >= 200,
        multiline: freeText && (maxLength ?? 0) >= 1000,
      };
    }
    case 'number':
    case 'integer':
      return {
        type: 'number',
        integer: schema.type === 'integer',
        min: schema.minimum ?? null,
        max: schema.maximum ?? null,
        nullable: false,
        constant: null,
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'array': {
      const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
      return {
        type: 'list',
        item: specOf(items, null),
        minItems: schema.minItems ?? 0,
        maxItems: schema.maxItems ?? null,
      };
    }
    case 'object': {
      const required = new Set(schema.required ?? []);
      const fields = Object.entries(schema.properties ?? {}).map(([k, child]) => ({
        key: k,
        required: required.has(k),
        spec: specOf(child, k),
        defaultValue: typeof child === 'boolean' ? undefined : child.default,
      }));
      return { type: 'object', fields };
    }
    default:
      return { type: 'unsupported' };
  }
}

/** `url | ''` is a string; `int | null` and `'latest' | int` are numbers with an empty meaning. */
function unionSpec(members: JSONSchema[], key: string | null): FieldSpec {
  const numeric = members.find((m) => m.type === 'number' || m.type === 'integer');
  if (!numeric) {
    const text = members.find((m) => m.type === 'string' && m.const === undefined);
    return text ? specOf({ ...text, format: undefined }, key) : { type: 'unsupported' };
  }
  const constant = members.find((m) => typeof m.const === 'string')?.const;
  return {
    type: 'number',
    integer: numeric.type === 'integer',
    min: numeric.minimum ?? null,
    max: numeric.maximum !== undefined && numeric.maximum < Number.MAX_SAFE_INTEGER ? numeric.maximum : null,
    nullable: members.some((m) => m.type === 'null'),
    constant: typeof constant === 'string' ? constant : null,
  };
}

/** A value to start a new field or list item with: its default, or the empty value of its type. */
export function emptyValue(spec: FieldSpec, defaultValue?: unknown): unknown {
  if (defaultValue !== undefined) return structuredClone(defaultValue);
  switch (spec.type) {
    case 'string':
      return '';
    case 'number':
      return spec.constant ?? (spec.nullable ? null : (spec.min ?? 0));
    case 'boolean':
      return false;
    case 'enum':
      return spec.options[0] ?? '';
    case 'list':
      return Array.from({ length: spec.minItems }, () => emptyValue(spec.item));
    case 'object':
      return Object.fromEntries(spec.fields.map((f) => [f.key, emptyValue(f.spec, f.defaultValue)]));
    case 'unsupported':
      return null;
  }
}
