import { z } from 'zod';
import { defineNode, port } from '../../dsl/node-definition';
import { invalidConfig, type Problem, problem } from '../../dsl/problems';
import { refs, ZTemplate, ZVariableName } from '../shared';

export const subflow = defineNode({
  kind: 'subflow',
  category: 'logic',
  title: { 'es-AR': 'Subflujo', en: 'Subflow' },
  description: {
    'es-AR':
      'Ejecuta otro flujo publicado (por ejemplo, «validar DNI») con los datos que le pases y trae de vuelta las variables que elijas.',
    en: 'Runs another published flow (e.g. "validate ID") with the data you pass and brings back the variables you choose.',
  },
  schema: z.object({
    flowId: z.string().max(64).default(''),
    version: z.union([z.literal('latest'), z.number().int().min(1)]).default('latest'),
    /** Become the child's input.<name>. */
    inputs: z
      .array(z.object({ name: ZVariableName, value: ZTemplate.default('') }))
      .max(30)
      .default([]),
    /** Child vars.<name> copied into this flow's vars.<name> when it completes. */
    outputs: z.array(ZVariableName).max(30).default([]),
  }),
  ports: () => [port('done', 'Terminó', 'Done'), port('failed', 'Falló', 'Failed', false)],
  // It waits on a child workflow, which has waits of its own.
  waits: () => true,
  references: (c) => c.inputs.flatMap((input, i) => refs({ [`inputs.${i}.value`]: input.value })),
  defines: (c) => [
    { port: 'done', variables: c.outputs.map((o) => `vars.${o}`) },
    { port: 'failed', variables: ['vars.subflow_error'] },
  ],
  validate: (c, ctx) => {
    const out: Problem[] = [];
    if (!c.flowId) {
      out.push(invalidConfig({ nodeId: ctx.nodeId, field: 'flowId', key: 'chooseFlow' }));
      return out;
    }
    if (c.flowId === ctx.resources.flowId) {
      out.push(problem('SUBFLOW_SELF', { nodeId: ctx.nodeId, field: 'flowId' }));
      return out;
    }
    const published = ctx.resources.flows.get(c.flowId) ?? [];
    if (published.length === 0) {
      out.push(problem('SUBFLOW_UNPUBLISHED', { nodeId: ctx.nodeId, field: 'flowId' }));
    } else if (c.version !== 'latest' && !published.includes(c.version)) {
      out.push(
        problem('SUBFLOW_VERSION_MISSING', {
          nodeId: ctx.nodeId,
          field: 'version',
          params: { version: c.version },
        }),
      );
    }
    const names = c.inputs.map((i) => i.name);
    if (new Set(names).size !== names.length) {
      out.push(invalidConfig({ nodeId: ctx.nodeId, field: 'inputs', key: 'duplicateInputName' }));
    }
    return out;
  },
  nameSource: (c, _locale, nameOf) => (c.flowId ? (nameOf?.('flows', c.flowId) ?? '') : ''),
  summary: (c, locale, nameOf) => {
    if (!c.flowId) return locale === 'es-AR' ? 'Elegí un flujo' : 'Choose a flow';
    const version =
      c.version === 'latest' ? (locale === 'es-AR' ? 'última versión' : 'latest version') : `v${c.version}`;
    return `${nameOf?.('flows', c.flowId) ?? c.flowId} · ${version}`;
  },
});
