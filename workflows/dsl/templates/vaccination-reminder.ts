import type { FlowGraph } from '../graph';
import { edges, node, type TemplateIds } from './template-helpers';

/** Outbound campaign: texts each contact their vaccination date; a "NO" reply asks for a callback. */
export function vaccinationReminder(ids: TemplateIds): FlowGraph {
  return {
    nodes: [
      node('inicio', 'trigger_campaign_contact', [0, 0], { columns: ['nombre', 'fecha'] }),
      node('recordatorio', 'send_sms', [0, 160], {
        to: '{{contact.phone}}',
        body: 'Hola {{input.nombre}}: tenés turno de vacunación el {{input.fecha | fecha_larga}}. Si no podés asistir, respondé NO.',
      }),
      node('respuesta', 'wait_for_reply', [0, 320], { timeoutMinutes: 1440, saveAs: 'respuesta' }),
      node('decide', 'split', [0, 480], {
        cases: [
          {
            id: 'no_asiste',
            label: 'No asiste',
            when: {
              match: 'all',
              conditions: [{ variable: 'vars.respuesta', operator: 'contains', value: 'no' }],
            },
          },
        ],
      }),
      node('reprogramar', 'create_work_item', [-220, 640], {
        queueId: ids.queueId,
        type: 'callback',
        fields: [{ label: 'Teléfono', value: '{{contact.phone}}' }],
      }),
      node('confirmado', 'end', [220, 640], { outcome: 'confirmado' }),
      node('reprogramado', 'end', [-220, 800], { outcome: 'reprogramar' }),
      node('sin_envio', 'end', [300, 320], { outcome: 'no_enviado' }),
    ],
    edges: edges([
      ['inicio', 'next', 'recordatorio'],
      ['recordatorio', 'sent', 'respuesta'],
      ['recordatorio', 'skipped', 'sin_envio'],
      ['recordatorio', 'failed', 'sin_envio'],
      ['respuesta', 'replied', 'decide'],
      ['respuesta', 'timeout', 'confirmado'],
      ['decide', 'case_no_asiste', 'reprogramar'],
      ['decide', 'else', 'confirmado'],
      ['reprogramar', 'created', 'reprogramado'],
    ]),
    notes: [],
  };
}
