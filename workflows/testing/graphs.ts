import type { FlowGraph } from '../dsl/graph';
import type { CompileResources } from '../dsl/node-definition';

export const EMPTY_RESOURCES: CompileResources = {
  flowId: 'test-flow',
  queues: new Set(),
  areas: new Set(),
  schedules: new Set(),
  flows: new Map(),
  allowedHosts: null,
  secrets: null,
};

/** Small graphs shared by tests and benchmarks. */
export function apiSmsGraph(): FlowGraph {
  return {
    nodes: [
      {
        id: 'start',
        kind: 'trigger_api',
        position: { x: 0, y: 0 },
        config: {
          fields: [
            { name: 'telefono', required: true },
            { name: 'nombre', required: false },
          ],
        },
      },
      {
        id: 'saludo',
        kind: 'set_variables',
        position: { x: 0, y: 100 },
        config: { assignments: [{ name: 'saludo', value: 'Hola {{input.nombre | default:"vecino/a"}}' }] },
      },
      {
        id: 'sms',
        kind: 'send_sms',
        position: { x: 0, y: 200 },
        config: { to: '{{input.telefono}}', body: '{{vars.saludo}}, tu turno está confirmado.' },
      },
      { id: 'fin', kind: 'end', position: { x: 0, y: 300 }, config: { outcome: 'notified' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'next', target: 'saludo' },
      { id: 'e2', source: 'saludo', sourcePort: 'next', target: 'sms' },
      { id: 'e3', source: 'sms', sourcePort: 'sent', target: 'fin' },
    ],
    notes: [],
  };
}

/** Incoming call: welcome, a 2-option menu with repeat, and goodbyes. */
export function ivrGraph(): FlowGraph {
  return {
    nodes: [
      { id: 'start', kind: 'trigger_incoming_call', position: { x: 0, y: 0 }, config: {} },
      {
        id: 'hola',
        kind: 'say',
        position: { x: 0, y: 100 },
        config: { text: 'Bienvenido al Ministerio de Salud.' },
      },
      {
        id: 'menu',
        kind: 'gather',
        position: { x: 0, y: 200 },
        config: {
          prompt: 'Para turnos de vacunación marcá 1. Para repetir, marcá 9.',
          options: [
            { key: '1', label: 'Turnos', phrases: ['turno', 'vacuna'] },
            { key: '9', label: 'Repetir' },
          ],
          retries: 1,
          saveAs: 'opcion',
        },
      },
      {
        id: 'turnos',
        kind: 'hang_up',
        position: { x: 0, y: 300 },
        config: { goodbye: 'Te enviamos un SMS con los turnos. ¡Gracias!' },
      },
      {
        id: 'chau',
        kind: 'hang_up',
        position: { x: 200, y: 300 },
        config: { goodbye: 'No pudimos entenderte. Hasta luego.' },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'next', target: 'hola' },
      { id: 'e2', source: 'hola', sourcePort: 'next', target: 'menu' },
      { id: 'e3', source: 'menu', sourcePort: 'opt_1', target: 'turnos' },
      { id: 'e4', source: 'menu', sourcePort: 'opt_9', target: 'menu' },
      { id: 'e5', source: 'menu', sourcePort: 'no_input', target: 'chau' },
      { id: 'e6', source: 'menu', sourcePort: 'invalid', target: 'chau' },
    ],
    notes: [],
  };
}

/** A valid API-triggered flow of `size` nodes mixing logic kinds, for compiler and interpreter benchmarks. */
export function chainGraph(size: number): FlowGraph {
  const nodes: FlowGraph['nodes'] = [{ id: 'n0', kind: 'trigger_api', position: { x: 0, y: 0 }, config: {} }];
  const edges: FlowGraph['edges'] = [];
  for (let i = 1; i < size - 1; i++) {
    const position = { x: (i % 20) * 220, y: Math.floor(i / 20) * 140 };
    if (i % 3 === 2) {
      nodes.push({
        id: `n${i}`,
        kind: 'split',
        position,
        config: {
          cases: [
            {
              id: 'par',
              label: 'Par',
              when: { conditions: [{ variable: 'vars.contador', operator: 'gte', value: '0' }] },
            },
          ],
        },
      });
      edges.push({ id: `e${i}a`, source: `n${i}`, sourcePort: 'case_par', target: `n${i + 1}` });
      edges.push({ id: `e${i}b`, source: `n${i}`, sourcePort: 'else', target: `n${i + 1}` });
    } else {
      nodes.push({
        id: `n${i}`,
        kind: 'set_variables',
        position,
        config: {
          assignments: [
            { name: 'contador', operation: 'increment' },
            { name: `paso_${i % 7}`, value: 'Paso {{execution.id}}' },
          ],
        },
      });
      edges.push({ id: `e${i}`, source: `n${i}`, sourcePort: 'next', target: `n${i + 1}` });
    }
  }
  nodes.push({
    id: `n${size - 1}`,
    kind: 'end',
    position: { x: 0, y: size * 10 },
    config: { outcome: 'done' },
  });
  edges.unshift({ id: 'e0', source: 'n0', sourcePort: 'next', target: 'n1' });
  return { nodes, edges, notes: [] };
}

/** Takes a first reply into r1, then waits again: a reply delivered twice would land in r2. */
export function twoRepliesGraph(): FlowGraph {
  return {
    nodes: [
      { id: 'start', kind: 'trigger_incoming_message', position: { x: 0, y: 0 }, config: {} },
      {
        id: 'pregunta',
        kind: 'send_sms',
        position: { x: 0, y: 100 },
        config: { to: '{{message.from}}', body: '¿Confirmás tu turno?' },
      },
      {
        id: 'espera1',
        kind: 'wait_for_reply',
        position: { x: 0, y: 200 },
        config: { timeoutMinutes: 30, saveAs: 'r1' },
      },
      {
        id: 'espera2',
        kind: 'wait_for_reply',
        position: { x: 0, y: 300 },
        config: { timeoutMinutes: 30, saveAs: 'r2' },
      },
      { id: 'dos', kind: 'end', position: { x: 0, y: 400 }, config: { outcome: 'twice' } },
      { id: 'fin', kind: 'end', position: { x: 200, y: 400 }, config: { outcome: 'done' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'next', target: 'pregunta' },
      { id: 'e2', source: 'pregunta', sourcePort: 'sent', target: 'espera1' },
      { id: 'e3', source: 'pregunta', sourcePort: 'skipped', target: 'fin' },
      { id: 'e4', source: 'espera1', sourcePort: 'replied', target: 'espera2' },
      { id: 'e5', source: 'espera1', sourcePort: 'timeout', target: 'fin' },
      { id: 'e6', source: 'espera2', sourcePort: 'replied', target: 'dos' },
      { id: 'e7', source: 'espera2', sourcePort: 'timeout', target: 'fin' },
    ],
    notes: [],
  };
}
