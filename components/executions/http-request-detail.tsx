import { z } from 'zod';

/** The request an HTTP step traced (workflows/nodes/http-request/run.ts): as sent, secrets as references. */
const ZTracedRequest = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string().nullable(),
});
export type TracedRequest = z.infer<typeof ZTracedRequest>;

export function tracedRequest(detail: unknown): TracedRequest | null {
  const parsed = z.object({ request: ZTracedRequest }).safeParse(detail);
  return parsed.success ? parsed.data.request : null;
}

/** The request as an HTTP message: method and URL, headers, then the body. */
export function HttpRequestDetail({ request, label }: { request: TracedRequest; label: string }) {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`);
  const text = [`${request.method} ${request.url}`, ...headers, ...(request.body ? ['', request.body] : [])];
  return (
    <figure className="w-full" data-testid="http-request-detail">
      <figcaption className="text-xs font-medium text-slate-600">{label}</figcaption>
      <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 font-mono text-xs text-slate-700">
        {text.join('\n')}
      </pre>
    </figure>
  );
}
