/**
 * Where the renderer's main thread spent a traced interval, from a Chromium trace (browser.startTracing):
 * each top-level task's time split by its direct children (script, style, layout, paint, GC…), so the
 * totals add up to the busy time without double counting nested events. For diagnosis on stderr only.
 */
export function summarizeTrace(buffer: Buffer): string {
  const parsed: unknown = JSON.parse(buffer.toString('utf8'));
  const events = eventsOf(parsed);
  const main = mainThreadOf(events);
  if (!main) return 'no renderer main thread in the trace';
  const onMain = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const totals = new Map<string, number>();
  let busy = 0;
  let i = 0;
  while (i < onMain.length) {
    const task = onMain[i];
    i++;
    if (task?.name !== 'RunTask') continue;
    const end = task.ts + (task.dur ?? 0);
    busy += task.dur ?? 0;
    let covered = 0;
    let childEnd = task.ts;
    // Direct children: events inside the task that start after the previous direct child ended.
    while (i < onMain.length) {
      const child = onMain[i];
      if (!child || child.ts >= end) break;
      i++;
      if (child.ts < childEnd) continue;
      const dur = Math.min(child.dur ?? 0, end - child.ts);
      const name = GROUP[child.name] ?? child.name;
      totals.set(name, (totals.get(name) ?? 0) + dur);
      covered += dur;
      childEnd = child.ts + dur;
    }
    totals.set('(task, other)', (totals.get('(task, other)') ?? 0) + (task.dur ?? 0) - covered);
  }
  const top = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  return `busy ${ms(busy)}: ${top.map(([name, us]) => `${name} ${ms(us)}`).join(', ')}`;
}

type TraceEvent = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: unknown;
};

const GROUP: Record<string, string> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  TimerFire: 'script',
  EventDispatch: 'script',
  FireAnimationFrame: 'script',
  RunMicrotasks: 'script',
  'v8.run': 'script',
  'v8.compile': 'compile',
  'v8.compileModule': 'compile',
  'V8.GCScavenger': 'gc',
  MajorGC: 'gc',
  MinorGC: 'gc',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  PaintImage: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  Commit: 'commit',
  ParseHTML: 'parse',
  ParseAuthorStyleSheet: 'parse',
};

function eventsOf(parsed: unknown): TraceEvent[] {
  const list = Array.isArray(parsed)
    ? parsed
    : parsed !== null && typeof parsed === 'object'
      ? Reflect.get(parsed, 'traceEvents')
      : null;
  if (!Array.isArray(list)) return [];
  return list.filter(isTraceEvent);
}

function isTraceEvent(value: unknown): value is TraceEvent {
  if (value === null || typeof value !== 'object') return false;
  return (
    typeof Reflect.get(value, 'name') === 'string' &&
    typeof Reflect.get(value, 'ts') === 'number' &&
    typeof Reflect.get(value, 'pid') === 'number' &&
    typeof Reflect.get(value, 'tid') === 'number'
  );
}

/** The renderer thread named CrRendererMain with the most traced time (the page's, not an idle one's). */
function mainThreadOf(events: TraceEvent[]): { pid: number; tid: number } | null {
  const mains = events.filter((e) => e.name === 'thread_name' && threadName(e) === 'CrRendererMain');
  let best: { pid: number; tid: number; time: number } | null = null;
  for (const m of mains) {
    const time = events
      .filter((e) => e.pid === m.pid && e.tid === m.tid && e.name === 'RunTask')
      .reduce((sum, e) => sum + (e.dur ?? 0), 0);
    if (!best || time > best.time) best = { pid: m.pid, tid: m.tid, time };
  }
  return best;
}

function threadName(e: TraceEvent): unknown {
  return e.args !== null && typeof e.args === 'object' ? Reflect.get(e.args, 'name') : undefined;
}

const ms = (us: number) => `${Math.round(us / 1000)} ms`;
