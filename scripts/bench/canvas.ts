import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { type Browser, type CDPSession, chromium, devices, type Page } from 'playwright-core';
import { createDb } from '../../db';
import * as schema from '../../db/schema';
import { createLogger } from '../../server/logger';
import {
  BENCH_ALLOW_ENV,
  BENCH_TOKEN_ENV,
  BENCH_TOKEN_HEADER,
} from '../../server/services/bench/bench-token';
import { createFlow } from '../../server/services/flows/flows';
import { chainGraph } from '../../workflows/testing/graphs';
import type { Emit } from '../bench';
import { startStack } from '../lib/stack';
import { freePort } from '../lib/temporal-dev-server';
import { ensureNextBuild } from './next-build';
import { median } from './stack';
import { summarizeTrace } from './trace-summary';

const NODES = 1000;
const EDGES = chainGraph(NODES).edges.length;
const OPENS = 6; // the first one warms Next's caches and the browser's code cache; it is not counted
const PAN_MS = 3000;
const DESIGNER = 'disenio@salud.demo';
const PASSWORD = 'cauce-demo';
// A hung step must not hang the bench: every browser wait has its own timeout, and this bounds the whole group.
const DEADLINE_MS = 10 * 60_000;

const root = path.resolve(__dirname, '..', '..');
const say = (m: string) => process.stderr.write(`[canvas] ${m}\n`);

/**
 * Opening a 1,000-node flow in the editor and panning it, in headless Chromium against a production build
 * (`next build` + `next start`) of the whole stack, each beside its anchor from the same run: React Flow's
 * own default nodes and edges in the same positions (app/bench/react-flow, reachable only with the bench
 * token), opened and panned the same way, alternately with the editor so both see the same machine load.
 * The ratios are the figures that carry to another machine. `--no-build` (or BENCH_NO_BUILD=1) reuses .next.
 * BENCH_CANVAS_CSS (a style sheet added before the pan) is for diagnosis, e.g. hiding nodes or edges to see
 * which of them costs the frames; the figures of such a run are not comparable. BENCH_CANVAS_TRACE=1 traces
 * the last open and the pan and prints where the main thread's time went (also not comparable: tracing costs).
 */
export async function run(emit: Emit): Promise<void> {
  await ensureNextBuild(say);
  // Children (next, worker) print their pino JSON lines on our stdout, which is reserved for figures:
  // keep them to errors unless the caller asked for a level.
  process.env.LOG_LEVEL ??= 'error';
  // Info, on stderr: the children's plain-text output (e.g. why `next start` refused to start) is logged at info.
  const log = createLogger('bench', { stderr: true }).child({}, { level: 'info' });
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    throw new Error('no production build in .next (another `next build` running, or run without --no-build)');
  }
  const dataDir = path.join(root, '.data', `bench-canvas-${process.pid}`);
  // The baseline page exists only while `next start` has a bench token, and answers only requests with it.
  const benchToken = randomBytes(16).toString('hex');
  process.env[BENCH_TOKEN_ENV] = benchToken;
  // `next start` runs in production mode, where the token alone opens nothing.
  process.env[BENCH_ALLOW_ENV] = '1';
  const stack = await startStack({
    root,
    dataDir,
    persistence: 'ephemeral',
    ports: {
      next: await freePort(),
      postgres: await freePort(),
      temporal: await freePort(),
      temporalUi: null,
    },
    next: 'start',
    worker: true,
    seed: true,
    log,
  }).catch(async (err: unknown) => {
    // startStack stops what it started; the data dir (with its copy of the Temporal binary) is ours to remove.
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  });
  let browser: Browser | null = null;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  try {
    const flowId = await createBigFlow(stack.env.DATABASE_URL ?? '');
    const baseURL = `http://127.0.0.1:${stack.env.PORT}`;
    browser = await launchChromium();
    const opened = browser;
    const measure = async () => {
      const context = await opened.newContext({
        ...devices['Desktop Chrome'],
        baseURL,
        locale: 'es-AR',
        timezoneId: 'America/Argentina/Cordoba',
      });
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      await page.addInitScript(INPUT_PROBE);
      await signIn(page);
      // Sent on every request of the page: the app ignores it, the baseline page requires it.
      await page.setExtraHTTPHeaders({ [BENCH_TOKEN_HEADER]: benchToken });
      const editorUrl = `/flows/${flowId}`;
      const baselineUrl = `/bench/react-flow?nodes=${NODES}`;
      const opens: number[] = [];
      const baselineOpens: number[] = [];
      let pan = 0;
      let baselinePan = 0;
      for (let i = 0; i < OPENS; i++) {
        const last = i === OPENS - 1;
        const ms = await traced(page, last, () => openCanvas(page, editorUrl));
        say(`open ${i + 1}/${OPENS}: ${ms.toFixed(0)} ms${i === 0 ? ' (warm-up)' : ''}`);
        if (last) pan = await traced(page, true, () => panFps(page));
        const baselineMs = await openCanvas(page, baselineUrl);
        say(`baseline open ${i + 1}/${OPENS}: ${baselineMs.toFixed(0)} ms${i === 0 ? ' (warm-up)' : ''}`);
        if (last) baselinePan = await panFps(page);
        if (i > 0) {
          opens.push(ms);
          baselineOpens.push(baselineMs);
        }
      }
      const open = median(opens);
      const baselineOpen = median(baselineOpens);
      emit('canvas.open_1000_nodes.ms', open, 'ms');
      emit('canvas.pan.fps', pan, 'fps');
      emit('canvas.baseline_open_1000_nodes.ms', baselineOpen, 'ms');
      emit('canvas.baseline_pan.fps', baselinePan, 'fps');
      // Targets (README): open ≤ 1.5× the bare React Flow's time, pan ≥ 0.9× its frame rate.
      emit('canvas.open_ratio', open / baselineOpen, 'x');
      emit('canvas.pan_ratio', pan / baselinePan, 'x');
      await context.close();
    };
    await Promise.race([
      measure(),
      new Promise<never>((_, reject) => {
        deadline = setTimeout(
          () => reject(new Error(`canvas bench exceeded ${DEADLINE_MS} ms`)),
          DEADLINE_MS,
        );
      }),
    ]);
  } finally {
    clearTimeout(deadline);
    await browser?.close().catch(() => {});
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** With BENCH_CANVAS_TRACE=1, a Chromium trace of `work` summarised on stderr (tracing costs frames: diagnosis only). */
async function traced<T>(page: Page, wanted: boolean, work: () => Promise<T>): Promise<T> {
  const browser = page.context().browser();
  if (!wanted || process.env.BENCH_CANVAS_TRACE !== '1' || !browser) return work();
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'v8', 'disabled-by-default-devtools.timeline'],
  });
  try {
    return await work();
  } finally {
    say(`  main thread: ${summarizeTrace(await browser.stopTracing())}`);
  }
}

/** The 1,000-node chain as the draft of a new flow of the demo organismo, created by the demo designer. */
async function createBigFlow(databaseUrl: string): Promise<string> {
  const { db, sql } = createDb(databaseUrl, { max: 2 });
  try {
    const [designer] = await db
      .select({ userId: schema.user.id, organizationId: schema.member.organizationId })
      .from(schema.user)
      .innerJoin(schema.member, eq(schema.member.userId, schema.user.id))
      .innerJoin(schema.organization, eq(schema.organization.id, schema.member.organizationId))
      .where(and(eq(schema.user.email, DESIGNER), eq(schema.organization.slug, 'ministerio-de-salud')));
    if (!designer) throw new Error(`demo designer ${DESIGNER} not found: was the demo seeded?`);
    const flow = await createFlow(
      db,
      { ...designer, requestId: `bench-${randomUUID()}` },
      {
        name: `Bench: ${NODES} nodos`,
        kind: 'api',
        graph: chainGraph(NODES),
      },
    );
    return flow.id;
  } finally {
    await sql.end();
  }
}

function launchChromium(): Promise<Browser> {
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p): p is string => Boolean(p && existsSync(p)),
  );
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    // The same flags as playwright.config.ts, so the figures match what the e2e tests see.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

async function signIn(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Correo electrónico').fill(DESIGNER);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByRole('heading', { level: 1, name: /^Hola, / }).waitFor();
}

/**
 * Records, in page time, when the page handled a pointer event and painted the frame after it: proof the
 * main thread is free to respond to input (not merely that the DOM exists). Also keeps the page's long
 * tasks, so work deferred past that moment (e.g. the first live compile) is reported rather than hidden.
 */
const INPUT_PROBE = `
  window.__benchInputAt = 0;
  window.__benchLongTasks = [];
  window.addEventListener('pointermove', () => {
    requestAnimationFrame(() => setTimeout(() => { window.__benchInputAt = performance.now(); }, 0));
  }, { capture: true, passive: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__benchLongTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
`;

/** How long after "interactive" the bench watches for long tasks the page deferred (reported on stderr). */
const SETTLE_MS = 1500;

/**
 * Milliseconds from navigation start (performance.timeOrigin of the new document) to "interactive":
 * every node element of the flow is on the page and measured (React Flow keeps a node at visibility:hidden
 * until its size is known), every edge is drawn (React Flow draws one only once both ends are measured),
 * and then a pointer move is handled and followed by a painted frame.
 * All 1,000 nodes, not only the visible ones: the editor does not set onlyRenderVisibleElements, so React
 * Flow renders every node (and fitView at minZoom 0.1 fits the whole chain on screen anyway).
 */
async function openCanvas(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const rendered = await page.waitForFunction(
    ({ n, e }) => {
      const nodes = document.querySelectorAll<HTMLElement>('.react-flow__node');
      if (nodes.length < n) return false;
      for (const node of nodes) if (node.style.visibility === 'hidden') return false;
      if (document.querySelectorAll('.react-flow__edge').length < e) return false;
      const [nav] = performance.getEntriesByType('navigation');
      const timing = nav instanceof PerformanceNavigationTiming ? nav : null;
      return {
        response: timing?.responseEnd ?? 0,
        domContentLoaded: timing?.domContentLoadedEventEnd ?? 0,
        nodesVisible: performance.now(),
      };
    },
    { n: NODES, e: EDGES },
    { polling: 'raf', timeout: 60_000 },
  );
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no React Flow pane on the editor page');
  await page.mouse.move(pane.x + 5, pane.y + 5);
  const handle = await page.waitForFunction(
    () => {
      const at = Reflect.get(window, '__benchInputAt');
      return typeof at === 'number' && at > 0 ? at : false;
    },
    null,
    { polling: 'raf', timeout: 30_000 },
  );
  const at = await handle.jsonValue();
  if (typeof at !== 'number') throw new Error('input probe returned no time');
  const phases = await rendered.jsonValue();
  await page.waitForTimeout(SETTLE_MS);
  const later = await page.evaluate((from) => {
    const all: unknown = Reflect.get(window, '__benchLongTasks');
    const tasks = Array.isArray(all)
      ? all.filter((t): t is [number, number] => Array.isArray(t) && t[0] >= from)
      : [];
    return {
      count: tasks.length,
      total: tasks.reduce((s, t) => s + t[1], 0),
      longest: Math.max(0, ...tasks.map((t) => t[1])),
    };
  }, at);
  if (typeof phases === 'object') {
    say(
      `  response ${phases.response.toFixed(0)} ms, DOMContentLoaded ${phases.domContentLoaded.toFixed(0)} ms, ` +
        `${NODES} nodes and ${EDGES} edges visible ${phases.nodesVisible.toFixed(0)} ms, input handled ${at.toFixed(0)} ms; ` +
        `next ${SETTLE_MS} ms: ${later.count} long tasks, ${later.total.toFixed(0)} ms, longest ${later.longest.toFixed(0)} ms`,
    );
  }
  return at;
}

/**
 * Drags the empty pane back and forth for PAN_MS while counting requestAnimationFrame callbacks in the page.
 * Each mouse move is awaited (Chromium acknowledges it once the renderer has dispatched it), so moves are
 * paced by the page itself rather than queued faster than it can handle them.
 */
async function panFps(page: Page): Promise<number> {
  // Let the post-mount work settle (the first live compile waits for an idle moment after the first paint).
  await page.waitForTimeout(1000);
  const start = await page.evaluate(() => {
    // An empty spot of the pane: a drag that starts on a node would move the node, not the viewport.
    const pane = document.querySelector('.react-flow__pane');
    if (!pane) return null;
    const box = pane.getBoundingClientRect();
    for (let y = box.top + box.height * 0.3; y < box.bottom - 20; y += 7) {
      for (let x = box.left + box.width * 0.3; x < box.right - 200; x += 7) {
        if (document.elementFromPoint(x, y) === pane) return { x, y };
      }
    }
    return null;
  });
  if (!start) throw new Error('no empty spot on the pane to drag');
  // Where the main thread's time goes while panning (stderr only): script vs. style/layout vs. the rest.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metricsBefore = await mainThreadMetrics(cdp);
  if (process.env.BENCH_CANVAS_CSS) await page.addStyleTag({ content: process.env.BENCH_CANVAS_CSS });
  await page.evaluate(FRAME_COUNTER);
  const transformBefore = await viewportTransform(page);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const t0 = performance.now();
  let moves = 0;
  while (performance.now() - t0 < PAN_MS) {
    // A 150 px sweep right and back, 3 px a step.
    const phase = moves % 100;
    const dx = (phase < 50 ? phase : 100 - phase) * 3;
    await page.mouse.move(start.x + dx, start.y + dx / 3);
    moves++;
  }
  const transformDuring = await viewportTransform(page);
  await page.mouse.up();
  const result = await page.evaluate(() => {
    const counter = Reflect.get(window, '__benchFrames');
    const frames = Reflect.get(counter, 'frames');
    const started = Reflect.get(counter, 'started');
    Reflect.set(counter, 'running', false);
    return { frames: Number(frames), seconds: (performance.now() - Number(started)) / 1000 };
  });
  if (transformBefore === transformDuring) throw new Error('the drag did not pan the viewport');
  const metricsAfter = await mainThreadMetrics(cdp);
  const spent = Object.entries(metricsAfter)
    .map(([name, value]) => `${name} ${Math.round((value - (metricsBefore[name] ?? 0)) * 1000)} ms`)
    .join(', ');
  say(`pan: ${moves} mouse moves, ${result.frames} frames in ${result.seconds.toFixed(2)} s; ${spent}`);
  await cdp.detach();
  return result.frames / result.seconds;
}

// A string, not a function: tsx's transform wraps named inner functions in a `__name` helper that does not
// exist in the page.
const FRAME_COUNTER = `
  const counter = { frames: 0, started: performance.now(), running: true };
  window.__benchFrames = counter;
  const tick = () => {
    if (!counter.running) return;
    counter.frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

async function mainThreadMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const wanted = new Set(['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration']);
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.filter((m) => wanted.has(m.name)).map((m) => [m.name, m.value]));
}

function viewportTransform(page: Page): Promise<string> {
  return page.evaluate(
    () => document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '',
  );
}
