import type XAPI from '@xapi/xapi';
import type { Statement } from '@xapi/xapi';
import type { OutboundFetch } from '../../outbound/createOutboundFetch';
import { describeRedirect } from '../../outbound/describeRedirect';
import { outboundRefusalIn } from '../../outbound/outboundAddressRefused';
import type { AttemptResult } from '../postSignedWebhook';
import type { LrsConnection } from './lrsConfig';

type Adapter = NonNullable<ConstructorParameters<typeof XAPI>[0]['adapter']>;

/** The xAPI client's transport: the outbound guard's fetch with a timeout, the status kept for the delivery log. */
function fetchWithTimeout(outboundFetch: OutboundFetch, timeoutMs: number): Adapter {
  return (async ({ url, method, data, headers }: { url: string; method: string; data?: unknown; headers?: Record<string, string> }) => {
    const response = await outboundFetch(url, { method, headers: headers ?? {}, body: data === undefined ? undefined : JSON.stringify(data), signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (!response.ok) throw Object.assign(new Error(`the LRS answered ${response.status}${describeRedirect(response)}: ${text.slice(0, 300)}`), { status: response.status });
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { data: parsed, headers: { 'content-type': response.headers.get('content-type') ?? '' }, status: response.status };
  }) as Adapter;
}

/** POSTs a batch of statements to the LRS with the `@xapi/xapi` client (xAPI 1.0.3, Basic auth) through the outbound guard. Nothing is thrown. */
export async function sendStatementBatch(lrs: LrsConnection, statements: Statement[], timeoutMs: number, outboundFetch: OutboundFetch): Promise<AttemptResult> {
  // Imported here: the xAPI client and its axios (about 3 MB of heap) load with the first batch, not at start.
  const { default: XAPI } = await import('@xapi/xapi');
  const client = new XAPI({ endpoint: lrs.endpoint, auth: XAPI.toBasicAuth(lrs.username, lrs.password), version: '1.0.3', adapter: fetchWithTimeout(outboundFetch, timeoutMs) });
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const response = await client.sendStatements({ statements });
    return { ok: true, status: response.status, answerMs: took(), error: null };
  } catch (error) {
    const refused = outboundRefusalIn(error);
    if (refused) return { ok: false, status: null, answerMs: took(), error: refused.message };
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : null;
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { ok: false, status, answerMs: took(), error: timedOut ? `no answer within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error) };
  }
}
