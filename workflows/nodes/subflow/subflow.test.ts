import { describe, expect, it } from 'vitest';
import type { FlowProgram } from '../../../lib/contracts/program';
import { compileSingleNode, testResources } from '../../testing/compile-fixture';
import { testStepContext } from '../../testing/test-step-context';
import { subflow } from './definition';
import { subflowRunner } from './run';

const validarDni = subflow.schema.parse({
  flowId: 'validar-dni',
  version: 3,
  inputs: [{ name: 'dni', value: '{{vars.dni}}' }],
  outputs: ['dni_valido', 'nombre'],
});

const childProgram: FlowProgram = {
  irVersion: 1,
  flowId: 'validar-dni',
  versionId: 'v3',
  organizationId: 'org-1',
  hash: 'h',
  entry: 'start',
  trigger: { kind: 'trigger_api', config: {} },
  steps: {},
  variables: [],
};

function validate(config: Partial<typeof validarDni>, flows: [string, number[]][]) {
  const c = subflow.schema.parse(config);
  const resources = testResources({ flowId: 'padre', flows: new Map(flows) });
  return (subflow.validate?.(c, { nodeId: 's', resources, triggerKind: null }) ?? []).map((p) => [
    p.code,
    p.field,
  ]);
}

describe('subflow definition', () => {
  it('defaults to the latest version of a flow still to choose', () => {
    const c = subflow.schema.parse({});
    expect(c).toEqual({ flowId: '', version: 'latest', inputs: [], outputs: [] });
    expect(validate({}, [])).toEqual([['INVALID_CONFIG', 'flowId']]);
    expect(subflow.summary(c, 'es-AR')).toBe('Elegí un flujo');
    expect(subflow.summary(validarDni, 'en')).toBe('validar-dni · v3');
    const nameOf = (kind: string, id: string) =>
      kind === 'flows' && id === 'validar-dni' ? 'Validar DNI' : undefined;
    expect(subflow.summary(validarDni, 'es-AR', nameOf)).toBe('Validar DNI · v3');
  });

  it('waits, with done required and failed optional', () => {
    expect(subflow.waits(validarDni)).toBe(true);
    expect(subflow.ports(validarDni).map((p) => [p.id, p.required])).toEqual([
      ['done', true],
      ['failed', false],
    ]);
  });

  it('references its input templates and defines its outputs on done', () => {
    expect(subflow.references(validarDni)).toEqual([{ field: 'inputs.0.value', paths: ['vars.dni'] }]);
    expect(subflow.defines(validarDni)).toEqual([
      { port: 'done', variables: ['vars.dni_valido', 'vars.nombre'] },
      { port: 'failed', variables: ['vars.subflow_error'] },
    ]);
  });

  it('refuses calling itself, an unpublished flow and a version that does not exist', () => {
    expect(validate({ flowId: 'padre' }, [['padre', [1]]])).toEqual([['SUBFLOW_SELF', 'flowId']]);
    expect(validate({ flowId: 'borrador' }, [['borrador', []]])).toEqual([['SUBFLOW_UNPUBLISHED', 'flowId']]);
    expect(validate({ flowId: 'otro' }, [])).toEqual([['SUBFLOW_UNPUBLISHED', 'flowId']]);
    expect(validate({ flowId: 'validar-dni', version: 4 }, [['validar-dni', [1, 2, 3]]])).toEqual([
      ['SUBFLOW_VERSION_MISSING', 'version'],
    ]);
    expect(validate({ flowId: 'validar-dni', version: 3 }, [['validar-dni', [1, 2, 3]]])).toEqual([]);
    expect(validate({ flowId: 'validar-dni' }, [['validar-dni', [1]]])).toEqual([]);
  });

  it('says which version is missing', () => {
    const c = subflow.schema.parse({ flowId: 'validar-dni', version: 7 });
    const resources = testResources({ flows: new Map([['validar-dni', [1]]]) });
    const [p] = subflow.validate?.(c, { nodeId: 's', resources, triggerKind: null }) ?? [];
    expect(p?.message['es-AR']).toBe('La versión 7 del subflujo no existe.');
  });

  it('refuses two inputs with one name and a version 0', () => {
    const twice = {
      flowId: 'validar-dni',
      inputs: [
        { name: 'dni', value: '1' },
        { name: 'dni', value: '2' },
      ],
    };
    expect(validate(twice, [['validar-dni', [1]]])).toEqual([['INVALID_CONFIG', 'inputs']]);
    expect(subflow.schema.safeParse({ version: 0 }).success).toBe(false);
  });
});

describe('subflow runner', () => {
  it('loads the pinned version, passes rendered inputs and the contact, and copies outputs back', async () => {
    const loads: unknown[] = [];
    const ctx = testStepContext({
      scope: { contact: { id: 'cit-1', phone: '+549' }, vars: { dni: '30111222', otra: 'x' } },
      activities: {
        loadSubflow: async (args) => {
          loads.push(args);
          return childProgram;
        },
      },
      runSubflow: async () => ({
        status: 'completed',
        variables: { vars: { dni_valido: true, interno: 'no se copia' } },
      }),
    });
    expect(await subflowRunner.run(validarDni, ctx)).toEqual({
      port: 'done',
      set: { 'vars.dni_valido': true, 'vars.nombre': null },
    });
    expect(loads).toEqual([{ organizationId: 'org-1', flowId: 'validar-dni', version: 3 }]);
    expect(ctx.subflowRuns).toEqual([
      {
        program: childProgram,
        variables: { input: { dni: '30111222' }, contact: { id: 'cit-1', phone: '+549' } },
      },
    ]);
  });

  it('follows failed when the child does not complete', async () => {
    const ctx = testStepContext({
      activities: { loadSubflow: async () => childProgram },
      runSubflow: async () => ({ status: 'cancelled', variables: {} }),
    });
    expect(await subflowRunner.run(validarDni, ctx)).toEqual({
      port: 'failed',
      set: { 'vars.subflow_error': 'subflow cancelled' },
    });
  });

  it('follows failed without starting a child when the program cannot be loaded', async () => {
    const ctx = testStepContext({
      activities: {
        loadSubflow: async () => {
          throw new Error('flow validar-dni has no published version');
        },
      },
    });
    expect(await subflowRunner.run(validarDni, ctx)).toEqual({
      port: 'failed',
      set: { 'vars.subflow_error': 'flow validar-dni has no published version' },
    });
    expect(ctx.subflowRuns).toEqual([]);
  });
});

describe('subflow compile', () => {
  it('compiles a call to a published flow and refuses calling itself', () => {
    const resources = testResources({ flowId: 'padre', flows: new Map([['validar-dni', [1, 2]]]) });
    const config = {
      flowId: 'validar-dni',
      inputs: [{ name: 'dni', value: '{{input.dni}}' }],
      outputs: ['dni_valido'],
    };
    const ok = compileSingleNode({ kind: 'subflow', config, resources, apiFields: ['dni'] });
    expect(ok.problems).toEqual([]);
    expect(ok.program?.steps.node_1?.config).toMatchObject({ flowId: 'validar-dni', version: 'latest' });
    const self = compileSingleNode({
      kind: 'subflow',
      config: { ...config, flowId: 'padre' },
      resources,
      apiFields: ['dni'],
    });
    expect(self.problems.map((p) => p.code)).toEqual(['SUBFLOW_SELF']);
  });
});
