import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPERATORS } from '../dsl/conditions';
import { FILTER_NAMES } from '../dsl/filters';
import type { FlowGraph } from '../dsl/graph';
import { templateIssues } from '../dsl/template';
import { apiSmsGraph, EMPTY_RESOURCES, ivrGraph } from '../testing/graphs';
import { runInProcess } from '../testing/run-in-process';
import { compile } from './compile';
import { NODE_DEFINITIONS } from './registry';

const run = (graph: FlowGraph) =>
  compile({ graph, flowId: 'f', versionId: 'v', organizationId: 'o', resources: EMPTY_RESOURCES });

const codes = (graph: FlowGraph) => run(graph).problems.map((p) => [p.nodeId, p.code]);

describe('compile', () => {
  it('compiles the sample flows into a flat program with a stable hash', () => {
    const a = run(apiSmsGraph());
    const b = run(apiSmsGraph());
    expect(a.ok).toBe(true);
    expect(a.program?.entry).toBe('start');
    expect(a.program?.steps.sms?.next).toEqual({ sent: 'fin', skipped: null, failed: null });
    expect(a.program?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.program?.hash).toBe(b.program?.hash);
    expect(run(ivrGraph()).ok).toBe(true);
  });

  it('needs exactly one trigger', () => {
    const none = apiSmsGraph();
    none.nodes = none.nodes.filter((n) => n.id !== 'start');
    none.edges = none.edges.filter((e) => e.source !== 'start');
    expect(codes(none)).toContainEqual([null, 'NO_TRIGGER']);
    const two = apiSmsGraph();
    two.nodes.push({ id: 'start2', kind: 'trigger_api', position: { x: 0, y: 0 }, config: {} });
    expect(codes(two)).toContainEqual(['start2', 'MANY_TRIGGERS']);
  });

  it('finds unreachable nodes, open required ports, bad configs and unknown kinds', () => {
    const g = apiSmsGraph();
    g.nodes.push({ id: 'suelto', kind: 'end', position: { x: 0, y: 0 }, config: {} });
    g.nodes.push({ id: 'raro', kind: 'teleport', position: { x: 0, y: 0 }, config: {} });
    const sms = g.nodes.find((n) => n.id === 'sms');
    if (sms) sms.config = { to: '{{input.telefono}}', body: '' };
    g.edges = g.edges.filter((e) => e.id !== 'e2');
    const found = run(g).problems;
    expect(found).toContainEqual(expect.objectContaining({ nodeId: 'suelto', code: 'UNREACHABLE' }));
    expect(found).toContainEqual(expect.objectContaining({ nodeId: 'raro', code: 'UNKNOWN_KIND' }));
    expect(found).toContainEqual(expect.objectContaining({ nodeId: 'saludo', code: 'PORT_UNCONNECTED' }));
    expect(found).toContainEqual(
      expect.objectContaining({ nodeId: 'sms', code: 'INVALID_CONFIG', field: 'body' }),
    );
    expect(found.every((p) => p.message['es-AR'].length > 0 && p.message.en.length > 0)).toBe(true);
  });

  it('refuses a loop with no wait in it, and accepts one that waits', () => {
    const g = apiSmsGraph();
    g.edges.push({ id: 'loop', source: 'fin', sourcePort: 'x', target: 'saludo' });
    g.edges = g.edges.map((e) => (e.id === 'e3' ? { ...e, target: 'saludo' } : e));
    g.nodes = g.nodes.filter((n) => n.id !== 'fin');
    g.edges = g.edges.filter((e) => e.id !== 'loop');
    const spinning = run(g)
      .problems.filter((p) => p.code === 'SPINNING_LOOP')
      .map((p) => p.nodeId);
    expect(spinning.sort()).toEqual(['saludo', 'sms']);
    // The IVR's "repeat" option loops back into its gather, which waits for the caller: fine.
    expect(run(ivrGraph()).problems.filter((p) => p.code === 'SPINNING_LOOP')).toEqual([]);
  });

  it('flags a variable that some path to the node never defines', () => {
    const g = apiSmsGraph();
    const sms = g.nodes.find((n) => n.id === 'sms');
    if (sms) sms.config = { to: '{{input.telefono}}', body: 'Tu DNI {{vars.dni}} y {{contact.first_name}}' };
    const found = run(g).problems.filter((p) => p.code === 'UNDEFINED_VARIABLE');
    expect(found.map((p) => p.message.en)).toEqual([
      'Uses "vars.dni", which is not defined on every path that reaches here.',
      'Uses "contact.first_name", which is not defined on every path that reaches here.',
    ]);
    expect(found[0]).toMatchObject({ nodeId: 'sms', field: 'body' });
  });

  it('defines a gather answer only after the gather, and only on the ports that set it', () => {
    const g = ivrGraph();
    const bye = g.nodes.find((n) => n.id === 'chau');
    if (bye) bye.config = { goodbye: 'Elegiste {{vars.opcion}}' };
    const turnos = g.nodes.find((n) => n.id === 'turnos');
    if (turnos) turnos.config = { goodbye: 'Elegiste {{vars.opcion}}' };
    const found = run(g)
      .problems.filter((p) => p.code === 'UNDEFINED_VARIABLE')
      .map((p) => p.nodeId);
    expect(found).toEqual(['chau']);
  });

  it('names the node and field of an unknown filter, a bad filter argument and a pattern RE2 refuses', () => {
    const g = apiSmsGraph();
    const sms = g.nodes.find((n) => n.id === 'sms');
    if (sms)
      sms.config = { to: '{{input.telefono}}', body: '{{input.nombre|xyz}} {{input.nombre | moneda:"XX"}}' };
    g.nodes.push({
      id: 'rama',
      kind: 'split',
      position: { x: 0, y: 0 },
      config: {
        cases: [
          {
            id: 'si',
            label: 'Sí',
            when: { conditions: [{ variable: 'input.nombre', operator: 'matches', value: '(\\w)\\1' }] },
          },
        ],
      },
    });
    g.edges = g.edges.map((e) => (e.id === 'e2' ? { ...e, target: 'rama' } : e));
    g.edges.push(
      { id: 'e4', source: 'rama', sourcePort: 'case_si', target: 'sms' },
      { id: 'e5', source: 'rama', sourcePort: 'else', target: 'sms' },
    );
    const result = run(g);
    expect(result.ok).toBe(false);
    const found = result.problems
      .filter((p) => ['UNKNOWN_FILTER', 'BAD_FILTER_ARGUMENT', 'BAD_REGEX'].includes(p.code))
      .map((p) => [p.nodeId, p.field, p.code, p.message.en]);
    expect(found).toEqual([
      [
        'sms',
        'body',
        'UNKNOWN_FILTER',
        'There is no "xyz" filter. The filters are: fecha, fecha_larga, hora, numero, moneda, mayusculas, minusculas, digitos, default.',
      ],
      [
        'sms',
        'body',
        'BAD_FILTER_ARGUMENT',
        'The "moneda" filter does not take "XX": it takes an ISO 4217 currency code, such as ARS or USD.',
      ],
      [
        'rama',
        'cases.0.when.conditions.0.value',
        'BAD_REGEX',
        'The regular expression is not valid or uses something not supported (backreferences, lookahead): check it.',
      ],
    ]);
    const esAR = result.problems.find((p) => p.code === 'BAD_FILTER_ARGUMENT')?.message['es-AR'];
    expect(esAR).toBe(
      'El filtro «moneda» no acepta «XX»: espera un código de moneda ISO 4217, como ARS o USD.',
    );
  });

  it('never throws on thousands of random graphs, and every problem names a node that exists', () => {
    const kinds = [...NODE_DEFINITIONS.map((d) => d.kind), 'unknown_kind'];
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const junk = fc.oneof(
      fc.string(),
      // Templates and patterns the filter and regex checks read (valid, unknown, badly argued).
      fc.constantFrom(
        '{{input.x | moneda:"XX"}}',
        '{{vars.y|xyz}} {{vars.y | numero:9}}',
        '{{contact.first_name | default:"vecina" | mayusculas}}',
        '(a+)+$',
        '(?=a)b',
      ),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
    );
    const config = fc.oneof(
      fc.constant({}),
      fc.dictionary(
        fc.constantFrom(
          'text',
          'prompt',
          'options',
          'body',
          'to',
          'cases',
          'assignments',
          'mode',
          'fields',
          '__proto__',
        ),
        junk,
      ),
    );
    const node = fc.record({
      id: fc.constantFrom(...ids),
      kind: fc.constantFrom(...kinds),
      position: fc.constant({ x: 0, y: 0 }),
      config,
    });
    const edge = fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      source: fc.constantFrom(...ids, 'ghost'),
      sourcePort: fc.constantFrom('next', 'sent', 'opt_1', 'no_input', 'else', 'replied', 'timeout', 'x'),
      target: fc.constantFrom(...ids, 'ghost'),
    });
    fc.assert(
      fc.property(fc.array(node, { maxLength: 10 }), fc.array(edge, { maxLength: 20 }), (nodes, edges) => {
        const graph: FlowGraph = { nodes, edges, notes: [] };
        const result = run(graph);
        const existing = new Set(nodes.map((n) => n.id));
        for (const p of result.problems) {
          expect(p.code).not.toBe('INTERNAL_ERROR');
          if (p.nodeId !== null) expect(existing.has(p.nodeId)).toBe(true);
        }
        if (result.ok) expect(Object.keys(result.program.steps).every((id) => existing.has(id))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('with random templates and conditions: compile reports a problem, or the execution ends without an error', async () => {
    // Mostly filters as designers write them, else any name with any argument, valid or not.
    const argument = fc.oneof(
      fc.constantFrom(
        '',
        ':2',
        ':0',
        ':9',
        ':-1',
        ':"USD"',
        ':ars',
        ':"XX"',
        ':QQQ',
        ':"dd/MM"',
        ':"sin dato"',
      ),
      fc.string({ maxLength: 3 }).map((a) => `:${a}`),
    );
    const filter = fc
      .oneof(
        {
          arbitrary: fc.constantFrom(
            ...FILTER_NAMES,
            'numero:2',
            'numero:"0"',
            'moneda:"USD"',
            'moneda:ars',
            'default:"sin dato"',
          ),
          weight: 10,
        },
        {
          arbitrary: fc
            .tuple(fc.constantFrom(...FILTER_NAMES, 'xyz', 'Moneda', ''), argument)
            .map(([name, arg]) => `${name}${arg}`),
          weight: 1,
        },
      )
      .map((f) => ` | ${f}`);
    // Defined on every path, mostly; some that are not (a problem), some that are not variables at all.
    const path = fc.oneof(
      { arbitrary: fc.constantFrom('input.nombre', 'input.monto', 'input.texto', 'vars.saludo'), weight: 12 },
      { arbitrary: fc.constantFrom('vars.nunca', 'contact.first_name'), weight: 1 },
      { arbitrary: fc.constantFrom('input', 'nada.x', 'input.nombre.sub', 'execution.id'), weight: 1 },
    );
    const placeholder = fc
      .tuple(path, fc.array(filter, { maxLength: 2 }))
      .map(([p, fs]) => `{{${p}${fs.join('')}}}`);
    const template = fc
      .array(fc.oneof(fc.constantFrom('Hola ', ', ', 'turno ', '{{', '}}', '|'), placeholder), {
        minLength: 1,
        maxLength: 4,
      })
      .map((parts) => parts.join(''));
    const pattern = fc.constantFrom(
      '(a+)+$',
      '(a+)+$',
      '(x+x+)+y',
      '^(a|aa)+$',
      '(x+x+)+y',
      '(?=a)b',
      '(a)\\1',
      '[',
      '^\\d{8}$',
      'turno|vacuna',
      'a'.repeat(201),
    );
    const condition = fc.record({
      variable: path,
      operator: fc.constantFrom(...OPERATORS),
      value: fc.oneof(pattern, template),
    });
    const graphOf = (
      saludo: string,
      conditions: { variable: string; operator: string; value: string }[],
      body: string,
    ): FlowGraph => ({
      nodes: [
        {
          id: 'start',
          kind: 'trigger_api',
          position: { x: 0, y: 0 },
          config: {
            fields: ['telefono', 'nombre', 'monto', 'texto'].map((name) => ({ name, required: false })),
          },
        },
        {
          id: 'saludo',
          kind: 'set_variables',
          position: { x: 0, y: 0 },
          config: { assignments: [{ name: 'saludo', value: saludo }] },
        },
        {
          id: 'rama',
          kind: 'split',
          position: { x: 0, y: 0 },
          config: { cases: [{ id: 'si', label: 'Sí', when: { match: 'any', conditions } }] },
        },
        { id: 'sms', kind: 'send_sms', position: { x: 0, y: 0 }, config: { to: '{{input.telefono}}', body } },
        { id: 'fin', kind: 'end', position: { x: 0, y: 0 }, config: { outcome: 'listo' } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourcePort: 'next', target: 'saludo' },
        { id: 'e2', source: 'saludo', sourcePort: 'next', target: 'rama' },
        { id: 'e3', source: 'rama', sourcePort: 'case_si', target: 'sms' },
        { id: 'e4', source: 'rama', sourcePort: 'else', target: 'fin' },
        { id: 'e5', source: 'sms', sourcePort: 'sent', target: 'fin' },
      ],
      notes: [],
    });
    const inputText = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(`${'a'.repeat(30)}!`, `${'x'.repeat(40)}`, '1500.5', '30111222', 'NaN', ''),
    );
    let ran = 0;
    await fc.assert(
      fc.asyncProperty(
        template,
        fc.array(condition, { minLength: 1, maxLength: 3 }),
        template,
        fc.record({ nombre: inputText, monto: inputText, texto: inputText }),
        async (saludo, conditions, body, given) => {
          const result = run(graphOf(saludo, conditions, body));
          for (const p of result.problems) expect(p.code).not.toBe('INTERNAL_ERROR');
          const filtered = [saludo, body, ...conditions.map((c) => c.value)].some(
            (t) => templateIssues(t).length > 0,
          );
          if (filtered)
            expect(result.problems.map((p) => p.code)).toEqual(
              expect.arrayContaining([expect.stringMatching(/^(UNKNOWN_FILTER|BAD_FILTER_ARGUMENT)$/)]),
            );
          if (!result.ok) return;
          ran++;
          const started = performance.now();
          const { path: walked } = await runInProcess({
            program: result.program,
            scope: {
              contact: {},
              call: {},
              message: {},
              vars: {},
              input: { telefono: '+5493424000001', ...given },
            },
            activities: { sendMessage: async () => ({ status: 'sent', messageId: 'm-1' }) },
          });
          expect(walked.at(-1)).toEqual({ stepId: 'fin', port: 'listo' });
          // Linear-time regexes: a backtracking engine spends minutes on (a+)+$ against 30 a's and a '!'.
          expect(performance.now() - started).toBeLessThan(2000);
        },
      ),
      { numRuns: 400 },
    );
    expect(ran).toBeGreaterThan(60);
  });
});
