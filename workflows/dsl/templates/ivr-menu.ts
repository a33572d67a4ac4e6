import type { FlowGraph } from '../graph';
import { edges, node, type TemplateIds } from './template-helpers';

/** Inbound IVR: welcome, business hours, a 3-option menu with repeat, information or an operator. */
export function ivrMenu(ids: TemplateIds): FlowGraph {
  return {
    nodes: [
      node('inicio', 'trigger_incoming_call', [0, 0]),
      node('bienvenida', 'say', [0, 160], {
        text: 'Bienvenida y bienvenido. Esta llamada puede ser grabada.',
      }),
      node('horario', 'business_hours', [0, 320], { scheduleId: ids.scheduleId }),
      node('menu', 'gather', [0, 480], {
        prompt:
          'Para información, marcá 1. Para hablar con un operador, marcá 2. Para escuchar de nuevo, marcá 9.',
        input: 'both',
        options: [
          { key: '1', label: 'Información', phrases: ['información'] },
          { key: '2', label: 'Operador', phrases: ['operador'] },
          { key: '9', label: 'Repetir', phrases: ['repetir'] },
        ],
      }),
      node('informacion', 'say', [-260, 660], { text: 'Podés hacer tus trámites en línea, las 24 horas.' }),
      node('cola', 'transfer_to_queue', [40, 660], { queueId: ids.queueId, maxWaitMinutes: 5 }),
      node('cerrado', 'say', [360, 480], { text: 'En este momento estamos fuera del horario de atención.' }),
      node('despedida', 'hang_up', [0, 860], { goodbye: 'Gracias por comunicarte. ¡Hasta luego!' }),
    ],
    edges: edges([
      ['inicio', 'next', 'bienvenida'],
      ['bienvenida', 'next', 'horario'],
      ['horario', 'open', 'menu'],
      ['horario', 'closed', 'cerrado'],
      ['menu', 'opt_1', 'informacion'],
      ['menu', 'opt_2', 'cola'],
      ['menu', 'opt_9', 'menu'],
      ['menu', 'no_input', 'despedida'],
      ['menu', 'invalid', 'despedida'],
      ['informacion', 'next', 'despedida'],
      ['cola', 'answered', 'despedida'],
      ['cola', 'timeout', 'despedida'],
      ['cerrado', 'next', 'despedida'],
    ]),
    notes: [],
  };
}
