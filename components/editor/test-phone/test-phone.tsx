'use client';

import { useQuery } from '@tanstack/react-query';
import { Mail, PhoneOff, Play, X } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { HttpRequestDetail, tracedRequest } from '@/components/executions/http-request-detail';
import { SimulatedRecordButton } from '@/components/recordings/simulated-record-button';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { Button } from '@/components/ui/button';
import type { VoiceInstruction, VoiceTurnResult } from '@/lib/contracts/execution';
import { isNodeKind, type NodeKind } from '@/workflows/kinds/registry';
import { useEditorStore } from '../store/editor-store-provider';
import { appCodeOf } from '../use-autosave';
import { nodeTitle } from '../use-canvas-a11y';
import { type ApiInput, ApiInputForm, apiFieldsOf } from './api-input-form';
import { QueueWait } from './queue-wait';
import { type Recording, SaveScenarioButton } from './save-scenario-dialog';
import { NO_SIMULATION, SimulatePanel, type SimulateState, toScenarioMocks } from './simulate-panel';

const POLL_MS = 700;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

type Line = { id: number; from: 'flow' | 'me' | 'system'; text: string };
type Run = { executionId: string; channel: string };

/**
 * The editor's test phone: runs the current draft on the real engine (simulated channels), shows
 * each prompt as text, and lights the active step and the path taken on the canvas.
 */
export function TestPhone({
  flowId,
  flush,
  onClose,
  queues = [],
  onScenarioSaved,
}: {
  flowId: string;
  flush: () => Promise<boolean>;
  onClose: () => void;
  /** The organismo's queues, for «Simular»'s queue states. */
  queues?: { id: string; name: string }[];
  /** After «Guardar como escenario»: the editor shows its scenarios. */
  onScenarioSaved?: () => void;
}) {
  const t = useTranslations('editor.testPhone');
  const tRecordings = useTranslations('recordings');
  const tApi = useTranslations('testScenarios.apiInput');
  const trpc = useTRPC();
  const client = useTRPCClient();
  // Typed, so each comparison below is checked against the real trigger kinds.
  const triggerKind = useEditorStore((s): NodeKind | null => {
    const kind = s.nodes.find((n) => n.type === 'trigger')?.data.kind;
    return kind !== undefined && isNodeKind(kind) ? kind : null;
  });
  const triggerConfig = useEditorStore((s) => s.nodes.find((n) => n.type === 'trigger')?.data.config);
  const [simulate, setSimulate] = useState<SimulateState>(NO_SIMULATION);
  // What the designer does in this session, in order: «Guardar como escenario» keeps it.
  const [recording, setRecording] = useState<Recording | null>(null);
  const record = (step: Recording['steps'][number]) =>
    setRecording((r) => (r ? { ...r, steps: [...r.steps, step] } : r));
  const showTestRun = useEditorStore((s) => s.showTestRun);
  const nodes = useEditorStore((s) => s.nodes);
  const locale = useLocale() === 'en' ? 'en' : 'es-AR';
  const clearTestRun = useEditorStore((s) => s.clearTestRun);
  const [run, setRun] = useState<Run | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [pending, setPending] = useState(false);
  const [ended, setEnded] = useState(false);
  const [voiceOn, setVoiceOn] = useState(false);
  const [digits, setDigits] = useState('');
  const [text, setText] = useState('');
  const [from, setFrom] = useState('');
  const [gather, setGather] = useState<Extract<VoiceInstruction, { type: 'gather' }> | null>(null);
  // A Record prompt: the phone can leave a simulated recording (no audio) of up to its length.
  const [queueWait, setQueueWait] = useState<{ queueId: string; since: number } | null>(null);
  const [recordPrompt, setRecordPrompt] = useState<{ maxSeconds: number; since: number } | null>(null);
  const seq = useRef(1);
  const lineId = useRef(0);
  const isVoice = run ? run.channel === 'voice' : triggerKind === 'trigger_incoming_call';

  const state = useQuery({
    ...trpc.testRuns.state.queryOptions({ executionId: run?.executionId ?? '' }),
    enabled: run !== null,
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : POLL_MS),
    staleTime: 0,
  });
  const live = run ? state.data : undefined;
  const finished = live !== undefined && live.status !== 'running';

  useEffect(() => {
    if (!live) return;
    showTestRun(live.status === 'running' ? live.activeStepId : null, live.path);
  }, [live, showTestRun]);

  const say = (from: Line['from'], text: string) =>
    setLines((l) => [...l, { id: ++lineId.current, from, text }]);

  const speak = (texts: string[]) => {
    if (!voiceOn || typeof window === 'undefined' || !window.speechSynthesis || texts.length === 0) return;
    const utterance = new SpeechSynthesisUtterance(texts.join(' '));
    const voices = window.speechSynthesis.getVoices();
    const voice = voices.find((v) => v.lang === 'es-AR') ?? voices.find((v) => v.lang.startsWith('es'));
    utterance.lang = voice?.lang ?? 'es-AR';
    if (voice) utterance.voice = voice;
    window.speechSynthesis.speak(utterance);
  };

  const showTurn = (turn: VoiceTurnResult) => {
    const texts = promptTexts(turn.instructions);
    for (const line of texts) say('flow', line);
    speak(texts);
    const last = turn.instructions.at(-1);
    setGather(last?.type === 'gather' ? last : null);
    setRecordPrompt(
      last?.type === 'record' ? { maxSeconds: last.maxLengthSeconds, since: Date.now() } : null,
    );
    setQueueWait(
      last?.type === 'enqueue' && !turn.ended ? { queueId: last.queueId, since: Date.now() } : null,
    );
    if (turn.ended) {
      setEnded(true);
      say('system', t('callEnded'));
    }
  };

  const start = async (apiInput?: ApiInput) => {
    setPending(true);
    try {
      if (!(await flush())) return;
      clearTestRun();
      setLines([]);
      setEnded(false);
      setGather(null);
      seq.current = 1;
      const first = triggerKind === 'trigger_incoming_message' ? text.trim() : '';
      const mocks = toScenarioMocks(simulate);
      const begin = {
        ...(from.trim() ? { from: from.trim() } : {}),
        ...(first ? { text: first } : {}),
        ...(apiInput ? { input: apiInput } : {}),
      };
      const started = await client.testRuns.start.mutate({ flowId, ...begin, mocks });
      setRecording({ executionId: started.executionId, start: begin, mocks, steps: [] });
      setRun({ executionId: started.executionId, channel: started.channel });
      if (first) say('me', first);
      setText('');
      if (started.turn) showTurn(started.turn);
    } catch (err) {
      const code = appCodeOf(err);
      toast.error(
        code === 'FLOW_HAS_ERRORS'
          ? t('hasErrors')
          : code === 'INVALID_INPUT'
            ? tApi('invalid')
            : t('failed'),
      );
    } finally {
      setPending(false);
    }
  };

  const answer = async (input: {
    digits?: string;
    speech?: string;
    hangup?: boolean;
    recordingSeconds?: number;
  }) => {
    if (!run || ended) return;
    setPending(true);
    try {
      if (input.recordingSeconds)
        say('me', tRecordings('simulatedLeft', { seconds: input.recordingSeconds }));
      if (input.digits) say('me', t('pressed', { digits: input.digits }));
      if (input.speech) say('me', input.speech);
      const turn = await client.testRuns.turn.mutate({
        executionId: run.executionId,
        seq: seq.current,
        ...input,
      });
      seq.current++;
      record(
        input.hangup
          ? { kind: 'hangup' }
          : {
              kind: 'voice',
              ...(input.digits ? { digits: input.digits } : {}),
              ...(input.speech ? { speech: input.speech } : {}),
              ...(input.recordingSeconds ? { recordingSeconds: input.recordingSeconds } : {}),
            },
      );
      showTurn(turn);
    } catch {
      toast.error(t('failed'));
    } finally {
      setPending(false);
    }
  };

  const press = (key: string) => {
    if (gather?.finishOnKey === key) {
      setDigits('');
      void answer(digits ? { digits } : {});
      return;
    }
    const next = digits + key;
    // A one-key menu answers at once; longer answers (a DNI) wait for «Enviar».
    if (gather?.numDigits !== undefined && next.length >= gather.numDigits) {
      setDigits('');
      void answer({ digits: next });
    } else setDigits(next);
  };

  const sendText = async (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (!value) return;
    if (!run) return void start();
    setText('');
    if (isVoice) return void answer({ speech: value });
    setPending(true);
    try {
      say('me', value);
      await client.testRuns.reply.mutate({ executionId: run.executionId, text: value });
      record({ kind: 'reply', text: value });
    } catch {
      toast.error(t('failed'));
    } finally {
      setPending(false);
    }
  };

  const hangUp = async () => {
    if (!run) return;
    if (isVoice && !ended) return void answer({ hangup: true });
    await client.testRuns.stop.mutate({ executionId: run.executionId }).catch(() => undefined);
    if (!ended) record({ kind: 'hangup' });
    setEnded(true);
  };

  const running = run !== null && !ended && !finished;
  // However the panel goes away (its X or the toolbar button), a live run is stopped and the canvas cleared.
  const openRun = useRef<string | null>(null);
  openRun.current = running && run ? run.executionId : null;
  useEffect(
    () => () => {
      if (openRun.current)
        void client.testRuns.stop.mutate({ executionId: openRun.current }).catch(() => undefined);
      if (typeof window !== 'undefined') window.speechSynthesis?.cancel();
      clearTestRun();
    },
    [client, clearTestRun],
  );
  const messages = live?.outbox ?? [];
  const requests = (live?.requests ?? []).flatMap((r) => {
    const request = tracedRequest(r.detail);
    const node = nodes.find((n) => n.id === r.stepId);
    return request ? [{ key: r.seq, stepId: node ? nodeTitle(node, locale) : r.stepId, request }] : [];
  });
  return (
    <aside
      aria-label={t('title')}
      className="flex w-80 shrink-0 flex-col border-l border-slate-200 bg-slate-50"
      data-testid="test-phone"
    >
      <div className="flex items-center justify-between border-b border-slate-200 bg-white px-3 py-2">
        <h2 className="text-sm font-semibold">{t('title')}</h2>
        <div className="flex items-center gap-2">
          <label className="flex items-center gap-1 text-xs text-slate-700">
            <input type="checkbox" checked={voiceOn} onChange={(e) => setVoiceOn(e.target.checked)} />
            {t('voice')}
          </label>
          <Button variant="ghost" size="icon-sm" aria-label={t('close')} title={t('close')} onClick={onClose}>
            <X aria-hidden className="size-4" />
          </Button>
        </div>
      </div>
      <div className="min-h-0 flex-1 space-y-3 overflow-y-auto p-3">
        {run === null || !running ? (
          <div className="space-y-2">
            <p className="text-xs text-slate-600">{t('intro')}</p>
            {triggerKind === 'trigger_api' ? null : (
              <label className="block text-xs text-slate-700">
                {t('from')}
                <input
                  value={from}
                  onChange={(e) => setFrom(e.target.value)}
                  placeholder="+5493420000000"
                  className="mt-1 w-full rounded border border-slate-300 px-2 py-1 text-sm"
                />
              </label>
            )}
            <SimulatePanel value={simulate} onChange={setSimulate} queues={queues} />
            {triggerKind === 'trigger_api' ? (
              <ApiInputForm
                fields={apiFieldsOf(triggerConfig)}
                pending={pending}
                onStart={(input) => void start(input)}
              />
            ) : (
              <Button onClick={() => void start()} disabled={pending} className="w-full">
                <Play aria-hidden className="size-4" />
                {run ? t('restart') : t('start')}
              </Button>
            )}
          </div>
        ) : null}
        {recording && run?.executionId === recording.executionId ? (
          <SaveScenarioButton
            flowId={flowId}
            recording={recording}
            live={live}
            onSaved={() => onScenarioSaved?.()}
          />
        ) : null}
        <ol aria-label={t('transcript')} className="space-y-1.5" data-testid="test-phone-transcript">
          {lines.map((line) => (
            <li
              key={line.id}
              data-from={line.from}
              className={
                line.from === 'me'
                  ? 'ml-8 rounded-lg bg-brand-600 px-2 py-1 text-sm text-white'
                  : line.from === 'flow'
                    ? 'mr-8 rounded-lg bg-white px-2 py-1 text-sm text-slate-900 shadow-sm'
                    : 'text-center text-xs text-slate-600'
              }
            >
              {line.text}
            </li>
          ))}
        </ol>
        {messages.length > 0 ? (
          <section aria-label={t('sent')} className="space-y-1.5" data-testid="test-phone-outbox">
            <h3 className="text-xs font-semibold text-slate-700">{t('sent')}</h3>
            {messages.map((m) =>
              m.channel === 'email' ? (
                <article key={m.id} className="rounded border border-slate-300 bg-white p-2 text-xs">
                  <p className="flex items-center gap-1 font-semibold">
                    <Mail aria-hidden className="size-3" />
                    {m.subject ?? t('noSubject')}
                  </p>
                  <p className="text-slate-600">{t('to', { to: m.to })}</p>
                  <p className="mt-1 whitespace-pre-wrap">{m.body}</p>
                </article>
              ) : (
                <p
                  key={m.id}
                  className={`mr-8 rounded-lg px-2 py-1 text-sm ${m.channel === 'whatsapp' ? 'bg-emerald-100' : 'bg-sky-100'}`}
                >
                  <span className="block text-[10px] uppercase text-slate-600">
                    {m.channel} · {m.to}
                  </span>
                  {m.body}
                </p>
              ),
            )}
          </section>
        ) : null}
        {requests.length > 0 ? (
          <section aria-label={t('requests')} className="space-y-1.5" data-testid="test-phone-requests">
            <h3 className="text-xs font-semibold text-slate-700">{t('requests')}</h3>
            {requests.map((r) => (
              <HttpRequestDetail key={r.key} request={r.request} label={r.stepId} />
            ))}
          </section>
        ) : null}
        {finished ? (
          <p
            role="status"
            className="text-center text-xs font-medium text-slate-700"
            data-testid="test-phone-status"
          >
            {t('finished', { outcome: live?.outcome ?? live?.status ?? '' })}
          </p>
        ) : null}
        {live ? <Variables variables={live.variables} /> : null}
      </div>
      {running ? (
        <div className="space-y-2 border-t border-slate-200 bg-white p-3">
          {isVoice ? (
            <>
              {queueWait ? (
                <QueueWait
                  queueName={queues.find((q) => q.id === queueWait.queueId)?.name ?? queueWait.queueId}
                  since={queueWait.since}
                />
              ) : null}
              {recordPrompt ? (
                <SimulatedRecordButton
                  maxSeconds={recordPrompt.maxSeconds}
                  since={recordPrompt.since}
                  disabled={pending}
                  onRecord={(seconds) => void answer({ recordingSeconds: seconds })}
                />
              ) : null}
              <div className="flex items-center gap-2">
                <output
                  aria-label={t('digits')}
                  className="min-h-8 flex-1 rounded border border-slate-300 px-2 py-1 font-mono"
                >
                  {digits}
                </output>
                <Button
                  variant="secondary"
                  disabled={pending || !digits}
                  onClick={() => {
                    const d = digits;
                    setDigits('');
                    void answer({ digits: d });
                  }}
                >
                  {t('send')}
                </Button>
              </div>
              <fieldset aria-label={t('keypad')} className="grid grid-cols-3 gap-1">
                {KEYS.map((k) => (
                  <button
                    key={k}
                    type="button"
                    disabled={pending}
                    onClick={() => press(k)}
                    className="rounded border border-slate-300 bg-slate-50 py-1.5 font-mono text-lg hover:bg-slate-100 disabled:text-slate-400"
                  >
                    {k}
                  </button>
                ))}
              </fieldset>
            </>
          ) : null}
          <form onSubmit={(e) => void sendText(e)} className="flex gap-2">
            <input
              aria-label={isVoice ? t('speech') : t('reply')}
              placeholder={isVoice ? t('speech') : t('reply')}
              value={text}
              onChange={(e) => setText(e.target.value)}
              className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-sm"
            />
            <Button type="submit" variant="secondary" disabled={pending || !text.trim()}>
              {isVoice ? t('say') : t('sendReply')}
            </Button>
          </form>
          <Button variant="danger" onClick={() => void hangUp()} disabled={pending} className="w-full">
            <PhoneOff aria-hidden className="size-4" />
            {t('hangUp')}
          </Button>
        </div>
      ) : run === null && triggerKind === 'trigger_incoming_message' ? (
        <form
          onSubmit={(e) => void sendText(e)}
          className="flex gap-2 border-t border-slate-200 bg-white p-3"
        >
          <input
            aria-label={t('firstMessage')}
            placeholder={t('firstMessage')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-sm"
          />
        </form>
      ) : null}
    </aside>
  );
}

function Variables({ variables }: { variables: Record<string, unknown> }) {
  const t = useTranslations('editor.testPhone');
  const rows = flatten(variables).filter(([k]) => !k.startsWith('execution.'));
  return (
    <section aria-label={t('variables')} data-testid="test-phone-variables">
      <h3 className="text-xs font-semibold text-slate-700">{t('variables')}</h3>
      {rows.length === 0 ? (
        <p className="text-xs text-slate-600">—</p>
      ) : (
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-xs">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-mono text-slate-600">{k}</dt>
              <dd className="truncate font-mono" title={v}>
                {v}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return prefix ? [[prefix, JSON.stringify(value) ?? '']] : [];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

/** What the caller would hear, as text: Say lines, the prompts inside a Gather, a queue's hold message. */
function promptTexts(instructions: VoiceInstruction[]): string[] {
  return instructions.flatMap((i): string[] => {
    if (i.type === 'say') return [i.text];
    if (i.type === 'gather') return promptTexts(i.prompt);
    // While the caller waits in a queue they hear the hold message.
    if (i.type === 'enqueue') return i.holdMessage.trim() ? [i.holdMessage] : [];
    return [];
  });
}
