import type { FlowGraph } from '../graph';
import type { Localized } from '../problems';
import { complaintEscalation } from './complaint-escalation';
import { ivrMenu } from './ivr-menu';
import type { TemplateIds } from './template-helpers';
import { vaccinationReminder } from './vaccination-reminder';

export type { TemplateIds };

type FlowTemplate = {
  id: string;
  kind: 'inbound_voice' | 'inbound_message' | 'outbound_campaign' | 'api';
  name: Localized;
  description: Localized;
  /** Which organismo resources the graph points at: left empty, the checklist asks the designer to choose. */
  needs: readonly (keyof TemplateIds)[];
  build(ids: TemplateIds): FlowGraph;
};

export const FLOW_TEMPLATES: readonly FlowTemplate[] = [
  {
    id: 'vaccination_reminder',
    kind: 'outbound_campaign',
    name: { 'es-AR': 'Campaña: recordatorio de vacunación', en: 'Campaign: vaccination reminder' },
    description: {
      'es-AR': 'SMS con la fecha del turno; si la persona responde NO, pide una devolución de llamado.',
      en: 'Texts the appointment date; a NO reply asks for a callback.',
    },
    needs: ['queueId'],
    build: vaccinationReminder,
  },
  {
    id: 'ivr_menu',
    kind: 'inbound_voice',
    name: { 'es-AR': 'IVR con menú de opciones', en: 'Inbound IVR menu' },
    description: {
      'es-AR': 'Bienvenida, horario de atención, menú con opción de repetir y pase a un operador.',
      en: 'Welcome, business hours, a menu with repeat and transfer to an agent.',
    },
    needs: ['scheduleId', 'queueId'],
    build: ivrMenu,
  },
  {
    id: 'complaint_escalation',
    kind: 'inbound_message',
    name: { 'es-AR': 'Reclamo con escalamiento', en: 'Complaint with ticket escalation' },
    description: {
      'es-AR': 'Recibe un reclamo por mensaje, abre un caso y lo escala a una cola si vence el plazo.',
      en: 'Takes a complaint by message, opens a ticket and escalates to a queue past its SLA.',
    },
    needs: ['areaId', 'queueId'],
    build: complaintEscalation,
  },
];

export function findTemplate(id: string): FlowTemplate | undefined {
  return FLOW_TEMPLATES.find((t) => t.id === id);
}
