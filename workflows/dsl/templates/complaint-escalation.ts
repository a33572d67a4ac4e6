import type { FlowGraph } from '../graph';
import { edges, node, type TemplateIds } from './template-helpers';

/** Inbound message "RECLAMO": asks for details, opens a ticket, escalates to a queue when its SLA passes. */
export function complaintEscalation(ids: TemplateIds): FlowGraph {
  return {
    nodes: [
      node('inicio', 'trigger_incoming_message', [0, 0], { keyword: 'RECLAMO' }),
      node('pedir_detalle', 'send_sms', [0, 160], {
        to: '{{message.from}}',
        body: 'Recibimos tu reclamo. Contanos en un solo mensaje qué pasó y dónde.',
      }),
      node('detalle', 'wait_for_reply', [0, 320], { timeoutMinutes: 1440, saveAs: 'detalle' }),
      node('ticket', 'create_ticket', [0, 480], {
        areaId: ids.areaId,
        category: 'reclamo',
        priority: 'normal',
        slaHours: 48,
        subject: 'Reclamo recibido por mensaje',
        description: '{{vars.detalle}}',
        waitForResolution: true,
        maxWaitHours: 48,
      }),
      node('aviso_resuelto', 'send_sms', [-220, 660], {
        to: '{{message.from}}',
        body: 'Tu reclamo {{vars.ticket_id}} fue resuelto. ¡Gracias por avisarnos!',
      }),
      node('escalar', 'create_work_item', [220, 660], {
        queueId: ids.queueId,
        type: 'review',
        priority: 2,
        fields: [{ label: 'Reclamo', value: '{{vars.ticket_id}}' }],
      }),
      node('resuelto', 'end', [-220, 820], { outcome: 'resuelto' }),
      node('escalado', 'end', [220, 820], { outcome: 'escalado' }),
      node('sin_detalle', 'end', [300, 320], { outcome: 'sin_detalle' }),
    ],
    edges: edges([
      ['inicio', 'next', 'pedir_detalle'],
      ['pedir_detalle', 'sent', 'detalle'],
      ['pedir_detalle', 'skipped', 'sin_detalle'],
      ['pedir_detalle', 'failed', 'sin_detalle'],
      ['detalle', 'replied', 'ticket'],
      ['detalle', 'timeout', 'sin_detalle'],
      ['ticket', 'resolved', 'aviso_resuelto'],
      ['ticket', 'breached', 'escalar'],
      ['aviso_resuelto', 'sent', 'resuelto'],
      ['aviso_resuelto', 'skipped', 'resuelto'],
      ['aviso_resuelto', 'failed', 'resuelto'],
      ['escalar', 'created', 'escalado'],
    ]),
    notes: [],
  };
}
