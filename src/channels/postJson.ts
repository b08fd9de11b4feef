import http from 'node:http';
import https from 'node:https';

/** A provider's answer to a JSON POST: its status, its Retry-After, and its body read as JSON (undefined when it is not JSON). */
export interface JsonAnswer {
  status: number;
  ok: boolean;
  retryAfter: string | null;
  body: unknown;
}

// Kept-alive connections per origin, as fetch keeps them.
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

function readJsonText(chunks: Buffer[]): unknown {
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
}

/** Thrown as fetch throws past its AbortSignal.timeout: the provider did not answer in time. */
function timeoutError(): Error {
  const error = new Error('The operation was aborted due to timeout');
  error.name = 'TimeoutError';
  return error;
}

/**
 * POSTs `body` (JSON text) to `url` and reads the JSON answer, over Node's HTTP client with
 * kept-alive connections: what a send needs of `fetch`, without its Request, Response, web
 * streams and abort signal per call. A failure before the answer is thrown as fetch throws it (a
 * TypeError whose `cause` carries the network code, or a TimeoutError past `timeoutMs`), so
 * `describeRequestFailure` reads both alike; the time limit also covers reading the answer, whose
 * body then reads as undefined (fetch's `json()` failing).
 */
export function postJson(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<JsonAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
    let answered = false;
    const request = client.request(target, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      let complete = false;
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        complete = true;
      });
      // A body cut short (the time limit, a reset) reads as no JSON.
      response.on('error', () => undefined);
      response.on('close', () => {
        clearTimeout(timer);
        const status = response.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status < 300, retryAfter: response.headers['retry-after'] ?? null, body: complete ? readJsonText(chunks) : undefined });
      });
    });
    const timer = setTimeout(() => request.destroy(timeoutError()), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      if (!answered) reject(error.name === 'TimeoutError' ? error : new TypeError('fetch failed', { cause: error }));
    });
    request.end(body);
  });
}
