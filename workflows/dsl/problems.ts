export type Severity = 'error' | 'warning';
export type Localized = { 'es-AR': string; en: string };

export type Problem = {
  nodeId: string | null;
  field?: string;
  code: ProblemCode;
  severity: Severity;
  message: Localized;
};

type Params = Record<string, string | number>;

/** Every problem the compiler reports, in both languages; {name} placeholders take params. */
const MESSAGES = {
  NO_TRIGGER: {
    'es-AR': 'El flujo no tiene un disparador: agregá uno para indicar cómo empieza.',
    en: 'The flow has no trigger: add one to say how it starts.',
  },
  MANY_TRIGGERS: {
    'es-AR': 'El flujo tiene {count} disparadores; debe tener uno solo.',
    en: 'The flow has {count} triggers; it must have exactly one.',
  },
  UNKNOWN_KIND: { 'es-AR': 'Tipo de nodo desconocido: «{kind}».', en: 'Unknown node type: "{kind}".' },
  DUPLICATE_ID: { 'es-AR': 'Hay dos nodos con el id «{id}».', en: 'Two nodes share the id "{id}".' },
  UNREACHABLE: {
    'es-AR': 'Ningún camino llega a este nodo desde el disparador.',
    en: 'No path reaches this node from the trigger.',
  },
  PORT_UNCONNECTED: {
    'es-AR': 'La salida «{port}» no está conectada.',
    en: 'The "{port}" output is not connected.',
  },
  EDGE_UNKNOWN_NODE: {
    'es-AR': 'Una conexión apunta a un nodo que no existe.',
    en: 'A connection points to a node that does not exist.',
  },
  EDGE_UNKNOWN_PORT: {
    'es-AR': 'Una conexión sale de «{port}», que este nodo no tiene.',
    en: 'A connection leaves from "{port}", which this node does not have.',
  },
  PORT_MULTIPLE_EDGES: {
    'es-AR': 'La salida «{port}» tiene más de una conexión; debe tener una.',
    en: 'The "{port}" output has more than one connection; it must have one.',
  },
  EDGE_INTO_TRIGGER: {
    'es-AR': 'Ninguna conexión puede entrar a un disparador.',
    en: 'No connection can enter a trigger.',
  },
  SPINNING_LOOP: {
    'es-AR': 'Este nodo está en un ciclo sin ninguna espera: el flujo giraría sin fin.',
    en: 'This node is in a loop with no wait in it: the flow would spin forever.',
  },
  INVALID_CONFIG: { 'es-AR': 'Dato inválido: {detail}', en: 'Invalid value: {detail}' },
  UNDEFINED_VARIABLE: {
    'es-AR': 'Usa «{variable}», que no está definida en todos los caminos que llegan acá.',
    en: 'Uses "{variable}", which is not defined on every path that reaches here.',
  },
  BAD_TEMPLATE: { 'es-AR': 'Plantilla con errores: {detail}', en: 'Template error: {detail}' },
  SUBFLOW_UNPUBLISHED: {
    'es-AR': 'El subflujo elegido no tiene versiones publicadas.',
    en: 'The chosen subflow has no published version.',
  },
  SUBFLOW_VERSION_MISSING: {
    'es-AR': 'La versión {version} del subflujo no existe.',
    en: 'Version {version} of the subflow does not exist.',
  },
  SUBFLOW_SELF: {
    'es-AR': 'Un flujo no puede llamarse a sí mismo como subflujo.',
    en: 'A flow cannot call itself as a subflow.',
  },
  QUEUE_MISSING: {
    'es-AR': 'La cola elegida no existe en este organismo.',
    en: 'The chosen queue does not exist in this organismo.',
  },
  AREA_MISSING: {
    'es-AR': 'El área elegida no existe en este organismo.',
    en: 'The chosen area does not exist in this organismo.',
  },
  SCHEDULE_MISSING: {
    'es-AR': 'El horario elegido no existe en este organismo.',
    en: 'The chosen schedule does not exist in this organismo.',
  },
  HOST_NOT_ALLOWED: {
    'es-AR': 'El host «{host}» no está en la lista permitida del organismo.',
    en: 'The host "{host}" is not in the organismo\'s allow-list.',
  },
  CHANNEL_MISMATCH: {
    'es-AR': 'Este nodo de voz no puede usarse en un flujo que empieza con «{trigger}».',
    en: 'This voice node cannot be used in a flow that starts with "{trigger}".',
  },
  INTERNAL_ERROR: {
    'es-AR': 'Error interno del compilador: {detail}',
    en: 'Internal compiler error: {detail}',
  },
  EMPTY_FLOW: { 'es-AR': 'El flujo está vacío.', en: 'The flow is empty.' },
} as const satisfies Record<string, Localized>;

export type ProblemCode = keyof typeof MESSAGES;

function fill(text: string, params: Params): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

export function problem(
  code: ProblemCode,
  args: { nodeId: string | null; field?: string; severity?: Severity; params?: Params },
): Problem {
  const params = args.params ?? {};
  const m = MESSAGES[code];
  return {
    nodeId: args.nodeId,
    ...(args.field ? { field: args.field } : {}),
    code,
    severity: args.severity ?? 'error',
    message: { 'es-AR': fill(m['es-AR'], params), en: fill(m.en, params) },
  };
}
