import type { ScenarioMocks } from '@/lib/test-scenarios/types';
import type { ScenarioInput } from '@/server/services/test-scenarios/scenarios';
import type { FlowGraph, GraphNode } from '@/workflows/dsl/graph';

function node(
  id: string,
  kind: string,
  x: number,
  y: number,
  config: Record<string, unknown> = {},
  label?: string,
): GraphNode {
  return { id, kind, position: { x, y }, config, ...(label ? { label } : {}) };
}

function edges(list: [string, string, string][]): FlowGraph['edges'] {
  return list.map(([source, sourcePort, target]) => ({
    id: `${source}-${sourcePort}`,
    source,
    sourcePort,
    target,
  }));
}

/** The demo IVR of the Ministerio de Salud, bound to +54 342 400-0000 in the demo data. */
export function vaccinationIvr(ids: { queueId: string; areaId: string; scheduleId: string }): FlowGraph {
  return {
    nodes: [
      node('inicio', 'trigger_incoming_call', 0, 0),
      node(
        'bienvenida',
        'say',
        0,
        120,
        {
          text: 'Bienvenida y bienvenido a la línea de vacunación del Ministerio de Salud de Santa Fe.',
        },
        'Bienvenida',
      ),
      node('horario', 'business_hours', 0, 240, { scheduleId: ids.scheduleId }, '¿Estamos en horario?'),
      node(
        'menu',
        'gather',
        0,
        380,
        {
          prompt:
            'Para sacar o consultar tu turno de vacunación, marcá 1. Para hablar con un operador, marcá 2. Para escuchar de nuevo, marcá 9.',
          input: 'both',
          options: [
            { key: '1', label: 'Turnos', phrases: ['turno', 'vacuna'] },
            { key: '2', label: 'Operador', phrases: ['operador', 'persona'] },
            { key: '9', label: 'Repetir', phrases: ['repetir'] },
          ],
          saveAs: 'opcion',
        },
        'Menú principal',
      ),
      node(
        'pedir_dni',
        'gather',
        -320,
        540,
        {
          prompt: 'Ingresá tu número de documento, sin puntos, y después la tecla numeral.',
          mode: 'collect',
          maxDigits: 8,
          pattern: '^\\d{7,8}$',
          invalidMessage: 'El documento debe tener siete u ocho números.',
          saveAs: 'dni',
        },
        'Pedir DNI',
      ),
      node('buscar', 'lookup_citizen', -320, 680, { by: 'dni', value: '{{vars.dni}}' }, 'Buscar por DNI'),
      node(
        'confirmar',
        'say',
        -480,
        820,
        {
          text: '{{contact.first_name}}, encontramos tus datos. Te enviamos un mensaje de texto con tu turno.',
        },
        'Confirmar datos',
      ),
      node(
        'sms',
        'send_sms',
        -480,
        940,
        {
          to: '{{call.from}}',
          body: 'Ministerio de Salud: {{contact.first_name}}, tu turno de vacunación está confirmado. Presentate con tu DNI.',
        },
        'SMS de confirmación',
      ),
      node('encuesta', 'survey', -480, 1060, { scale: 'csat' }, 'Encuesta'),
      node(
        'cola',
        'transfer_to_queue',
        160,
        680,
        {
          queueId: ids.queueId,
          holdMessage: 'Todos nuestros operadores están ocupados. Por favor, aguardá en línea.',
          maxWaitMinutes: 5,
        },
        'Pasar a un operador',
      ),
      node(
        'devolucion',
        'create_work_item',
        160,
        820,
        {
          queueId: ids.queueId,
          type: 'callback',
          fields: [{ label: 'Teléfono', value: '{{call.from}}' }],
          dispositions: ['resuelto', 'no_contesta'],
        },
        'Pedir devolución del llamado',
      ),
      node(
        'aviso_devolucion',
        'say',
        160,
        940,
        {
          text: 'Te vamos a llamar a este número apenas un operador se libere.',
        },
        'Avisar la devolución',
      ),
      node(
        'cerrado',
        'say',
        420,
        380,
        {
          text: 'Nuestro horario de atención es de lunes a viernes de 8 a 18. Podés dejarnos un mensaje.',
        },
        'Fuera de horario',
      ),
      node('mensaje', 'record_voicemail', 420, 500, {}, 'Dejar un mensaje'),
      node(
        'ticket',
        'create_ticket',
        420,
        620,
        {
          areaId: ids.areaId,
          category: 'mensaje_fuera_de_horario',
          subject: 'Mensaje de voz fuera de horario',
          description: 'Grabación: {{vars.grabacion}}',
          slaHours: 24,
        },
        'Reclamo por el mensaje',
      ),
      node(
        'gracias',
        'hang_up',
        -160,
        1200,
        { goodbye: 'Gracias por comunicarte. ¡Hasta luego!' },
        'Despedida',
      ),
      node(
        'sin_respuesta',
        'hang_up',
        0,
        1200,
        {
          goodbye: 'No recibimos una opción válida. Volvé a llamar cuando quieras.',
        },
        'Sin respuesta válida',
      ),
    ],
    edges: edges([
      ['inicio', 'next', 'bienvenida'],
      ['bienvenida', 'next', 'horario'],
      ['horario', 'open', 'menu'],
      ['horario', 'closed', 'cerrado'],
      ['horario', 'holiday', 'cerrado'],
      ['menu', 'opt_1', 'pedir_dni'],
      ['menu', 'opt_2', 'cola'],
      ['menu', 'opt_9', 'menu'],
      ['menu', 'no_input', 'sin_respuesta'],
      ['menu', 'invalid', 'sin_respuesta'],
      ['pedir_dni', 'collected', 'buscar'],
      ['pedir_dni', 'no_input', 'sin_respuesta'],
      ['pedir_dni', 'invalid', 'sin_respuesta'],
      ['buscar', 'found', 'confirmar'],
      ['buscar', 'not_found', 'cola'],
      ['confirmar', 'next', 'sms'],
      ['sms', 'sent', 'encuesta'],
      ['sms', 'skipped', 'gracias'],
      ['sms', 'failed', 'gracias'],
      ['encuesta', 'answered', 'gracias'],
      ['encuesta', 'invalid', 'gracias'],
      ['encuesta', 'no_response', 'gracias'],
      ['cola', 'answered', 'gracias'],
      ['cola', 'timeout', 'devolucion'],
      ['devolucion', 'created', 'aviso_devolucion'],
      ['aviso_devolucion', 'next', 'gracias'],
      ['cerrado', 'next', 'mensaje'],
      ['mensaje', 'recorded', 'ticket'],
      ['mensaje', 'no_recording', 'gracias'],
      ['ticket', 'created', 'gracias'],
    ]),
    notes: [],
  };
}

/** An API-started reminder: another system posts a phone and a date; the flow texts the citizen. */
export function reminderApiFlow(): FlowGraph {
  return {
    nodes: [
      node('inicio', 'trigger_api', 0, 0, {
        fields: [
          { name: 'telefono', required: true, type: 'phone' },
          { name: 'nombre', required: false, type: 'text' },
          { name: 'fecha', required: true, type: 'date' },
        ],
      }),
      node('sms', 'send_sms', 0, 140, {
        to: '{{input.telefono}}',
        body: 'Hola {{input.nombre | default:"vecina/o"}}: te recordamos tu turno de vacunación del {{input.fecha | fecha_larga}}. Ministerio de Salud.',
      }),
      node('fin', 'end', 0, 280, { outcome: 'recordado' }),
      node('fallo', 'end', 200, 280, { outcome: 'no_enviado' }),
    ],
    edges: edges([
      ['inicio', 'next', 'sms'],
      ['sms', 'sent', 'fin'],
      ['sms', 'skipped', 'fallo'],
      ['sms', 'failed', 'fallo'],
    ]),
    notes: [],
  };
}

/** Numbers of the demo scenarios' callers: nobody's real phone, never opted out. */
const SCENARIO_CALLER = '+5493424990001';
const SCENARIO_REMINDER_PHONE = '+5493424990002';
const OPEN = { businessHours: 'open', queues: {}, http: [] } as const satisfies ScenarioMocks;

/** Saved test-phone sessions of the demo IVR: `npm test` runs them against its draft. */
export function vaccinationIvrScenarios(ids: { queueId: string }): ScenarioInput[] {
  return [
    {
      name: 'En horario: turno por DNI',
      start: { from: SCENARIO_CALLER },
      mocks: OPEN,
      steps: [
        { kind: 'voice', digits: '1' },
        { kind: 'voice', digits: '20123456' },
        { kind: 'voice', digits: '5' },
      ],
      expectations: {
        path: [
          'inicio',
          'bienvenida',
          'horario',
          'menu',
          'pedir_dni',
          'buscar',
          'confirmar',
          'sms',
          'encuesta',
          'gracias',
        ],
        outcome: 'done',
        variables: { 'vars.opcion': '1', 'vars.dni': '20123456', 'contact.first_name': 'María' },
        messages: [
          'Ministerio de Salud: María, tu turno de vacunación está confirmado. Presentate con tu DNI.',
        ],
      },
    },
    {
      name: 'Fuera de horario: mensaje sin grabar',
      start: { from: SCENARIO_CALLER },
      mocks: { businessHours: 'closed', queues: {}, http: [] },
      steps: [{ kind: 'voice', digits: '#' }],
      expectations: {
        path: ['inicio', 'bienvenida', 'horario', 'cerrado', 'mensaje', 'gracias'],
        outcome: 'done',
        messages: [],
      },
    },
    {
      name: 'Operador libre: atiende enseguida',
      start: { from: SCENARIO_CALLER },
      mocks: { ...OPEN, queues: { [ids.queueId]: { waitSeconds: 30, agentsAvailable: 2 } } },
      steps: [{ kind: 'voice', digits: '2' }],
      expectations: { path: ['inicio', 'bienvenida', 'horario', 'menu', 'cola', 'gracias'], outcome: 'done' },
    },
    {
      name: 'Repetir el menú y colgar',
      start: { from: SCENARIO_CALLER },
      mocks: OPEN,
      steps: [{ kind: 'voice', digits: '9' }, { kind: 'hangup' }],
      expectations: { path: ['inicio', 'bienvenida', 'horario', 'menu'], outcome: 'hung_up' },
    },
  ];
}

/** The API reminder with its input fields, as the test phone's form sends them. */
export function reminderApiScenarios(): ScenarioInput[] {
  return [
    {
      name: 'Recordatorio con nombre',
      start: { input: { telefono: SCENARIO_REMINDER_PHONE, nombre: 'María', fecha: '2026-12-01' } },
      mocks: { businessHours: 'real', queues: {}, http: [] },
      steps: [],
      expectations: {
        path: ['inicio', 'sms', 'fin'],
        outcome: 'recordado',
        variables: { 'input.nombre': 'María' },
      },
    },
    {
      name: 'Recordatorio sin nombre',
      start: { input: { telefono: SCENARIO_REMINDER_PHONE, fecha: '2026-12-01' } },
      mocks: { businessHours: 'real', queues: {}, http: [] },
      steps: [],
      expectations: { path: ['inicio', 'sms', 'fin'], outcome: 'recordado' },
    },
  ];
}
