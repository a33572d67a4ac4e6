import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../lib/temporal-dev-server';

const root = path.resolve(__dirname, '..', '..');
const TWILIO_API_SPEC = path.join(
  root,
  'node_modules/@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json',
);
const START_TIMEOUT_MS = 60_000;

export type PrismServer = { url: string; stop(): Promise<void> };

/**
 * The account Prism answers for any GET /Accounts/{Sid}.json (the spec's example): its
 * owner_account_sid. As TWILIO_ACCOUNT_SID, any subaccount saved against Prism belongs to the platform.
 */
export const PRISM_OWNER_ACCOUNT_SID = `AC${'a'.repeat(32)}`;

/** The environment under which saving a subaccount asks Prism (verify-subaccount.ts). */
export function platformOnPrism(prism: PrismServer): Record<string, string> {
  return { TWILIO_ACCOUNT_SID: PRISM_OWNER_ACCOUNT_SID, TWILIO_API_BASE_URL: prism.url };
}

/**
 * Prism mocking Twilio's own OpenAPI description of api.twilio.com, with request validation on
 * (`--errors`): a request the real API would refuse for its shape gets a 422 here too. Ready in
 * about 6.5 s, so a test file starts it once in beforeAll.
 */
export async function startPrism(spec: string = TWILIO_API_SPEC): Promise<PrismServer> {
  const served = await withRepeatedFormKeys(spec);
  const port = await freePort();
  const bin = path.join(root, 'node_modules/.bin/prism');
  const child = spawn(bin, ['mock', served, '--port', String(port), '--host', '127.0.0.1', '--errors'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`prism did not start in ${START_TIMEOUT_MS} ms:\n${output.join('\n')}`));
    }, START_TIMEOUT_MS);
    const onLine = (line: string) => {
      output.push(line);
      if (output.length > 40) output.shift();
      if (line.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
    if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`prism exited with ${code}:\n${output.join('\n')}`));
    });
  });
  return {
    url,
    stop: async () => {
      await stopChild(child);
      await rm(served, { force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Twilio (and its SDK) send a form array as repeated keys (`StatusCallbackEvent=answered&
 * StatusCallbackEvent=completed`); Prism 5.14 keeps only the last one and refuses the body because
 * the property "must be array" (stoplightio/prism#2473, fix unmerged in #2654). The copy served
 * lets each form-body array property be one item too; everything else validates as written.
 */
async function withRepeatedFormKeys(spec: string): Promise<string> {
  const doc: unknown = JSON.parse(await readFile(spec, 'utf8'));
  for (const schema of formBodySchemas(doc)) {
    const properties: unknown = Reflect.get(schema, 'properties');
    if (!isRecord(properties)) continue;
    for (const [name, property] of Object.entries(properties)) {
      if (isRecord(property) && property.type === 'array' && isRecord(property.items)) {
        properties[name] = { anyOf: [property, property.items] };
      }
    }
  }
  const out = path.join(tmpdir(), `cauce-prism-${process.pid}-${path.basename(spec)}`);
  await writeFile(out, JSON.stringify(doc));
  return out;
}

function formBodySchemas(doc: unknown): Record<string, unknown>[] {
  const paths = isRecord(doc) ? doc.paths : undefined;
  if (!isRecord(paths)) return [];
  const out: Record<string, unknown>[] = [];
  for (const item of Object.values(paths)) {
    if (!isRecord(item)) continue;
    for (const operation of Object.values(item)) {
      const body = isRecord(operation) ? operation.requestBody : undefined;
      const content = isRecord(body) ? body.content : undefined;
      const form = isRecord(content) ? content['application/x-www-form-urlencoded'] : undefined;
      const schema = isRecord(form) ? form.schema : undefined;
      if (isRecord(schema)) out.push(schema);
    }
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
