import type { FlowGraph, GraphNode } from '@/workflows/dsl/graph';

function node(
  id: string,
  kind: string,
  x: number,
  y: number,
  config: Record<string, unknown> = {},
): GraphNode {
  return { id, kind, position: { x, y }, config };
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
      node('bienvenida', 'say', 0, 120, {
        text: 'Bienvenida y bienvenido a la línea de vacunación del Ministerio de Salud de Santa Fe.',
      }),
      node('horario', 'business_hours', 0, 240, { scheduleId: ids.scheduleId }),
      node('menu', 'gather', 0, 380, {
        prompt:
          'Para sacar o consultar tu turno de vacunación, marcá 1. Para hablar con un operador, marcá 2. Para escuchar de nuevo, marcá 9.',
        input: 'both',
        options: [
          { key: '1', label: 'Turnos', phrases: ['turno', 'vacuna'] },
          { key: '2', label: 'Operador', phrases: ['operador', 'persona'] },
          { key: '9', label: 'Repetir', phrases: ['repetir'] },
        ],
        saveAs: 'opcion',
      }),
      node('pedir_dni', 'gather', -320, 540, {
        prompt: 'Ingresá tu número de documento, sin puntos, y después la tecla numeral.',
        mode: 'collect',
        maxDigits: 8,
        pattern: '^\\d{7,8}$',
        invalidMessage: 'El documento debe tener siete u ocho números.',
        saveAs: 'dni',
      }),
      node('buscar', 'lookup_citizen', -320, 680, { by: 'dni', value: '{{vars.dni}}' }),
      node('confirmar', 'say', -480, 820, {
        text: '{{contact.first_name}}, encontramos tus datos. Te enviamos un mensaje de texto con tu turno.',
      }),
      node('sms', 'send_sms', -480, 940, {
        to: '{{call.from}}',
        body: 'Ministerio de Salud: {{contact.first_name}}, tu turno de vacunación está confirmado. Presentate con tu DNI.',
      }),
      node('encuesta', 'survey', -480, 1060, { scale: 'csat' }),
      node('cola', 'transfer_to_queue', 160, 680, {
        queueId: ids.queueId,
        holdMessage: 'Todos nuestros operadores están ocupados. Por favor, aguardá en línea.',
        maxWaitMinutes: 5,
      }),
      node('devolucion', 'create_work_item', 160, 820, {
        queueId: ids.queueId,
        type: 'callback',
        fields: [{ label: 'Teléfono', value: '{{call.from}}' }],
        dispositions: ['resuelto', 'no_contesta'],
      }),
      node('aviso_devolucion', 'say', 160, 940, {
        text: 'Te vamos a llamar a este número apenas un operador se libere.',
      }),
      node('cerrado', 'say', 420, 380, {
        text: 'Nuestro horario de atención es de lunes a viernes de 8 a 18. Podés dejarnos un mensaje.',
      }),
      node('mensaje', 'record_voicemail', 420, 500),
      node('ticket', 'create_ticket', 420, 620, {
        areaId: ids.areaId,
        category: 'mensaje_fuera_de_horario',
        subject: 'Mensaje de voz fuera de horario',
        description: 'Grabación: {{vars.grabacion}}',
        slaHours: 24,
      }),
      node('gracias', 'hang_up', -160, 1200, { goodbye: 'Gracias por comunicarte. ¡Hasta luego!' }),
      node('sin_respuesta', 'hang_up', 0, 1200, {
        goodbye: 'No recibimos una opción válida. Volvé a llamar cuando quieras.',
      }),
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
          { name: 'telefono', required: true },
          { name: 'nombre', required: false },
          { name: 'fecha', required: true },
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
