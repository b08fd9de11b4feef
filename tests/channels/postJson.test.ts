import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRequestFailure } from '../../src/channels/classifyNetworkError';
import { postJson } from '../../src/channels/postJson';

let server: Server;
let base: string;
const seen: { headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      if (req.url === '/ok') res.writeHead(200, { 'content-type': 'application/json' }).end(`\uFEFF${JSON.stringify({ echoed: JSON.parse(body) })}`);
      else if (req.url === '/busy') res.writeHead(429, { 'retry-after': '7' }).end('not json');
      else if (req.url === '/cut') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"partial":');
        setTimeout(() => res.destroy(), 20);
      } else if (req.url === '/reset') req.socket.destroy();
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

describe('postJson', () => {
  it('posts the JSON text with its headers and reads the JSON answer (a BOM ignored, as fetch does)', async () => {
    const answer = await postJson(`${base}/ok`, { authorization: 'Bearer t', 'content-type': 'application/json' }, '{"a":"é"}', 1000);
    expect(answer).toEqual({ status: 200, ok: true, retryAfter: null, body: { echoed: { a: 'é' } } });
    const request = seen.at(-1);
    expect(request?.headers).toMatchObject({ authorization: 'Bearer t', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength('{"a":"é"}')) });
  });

  it('answers the status and Retry-After of a refusal, its body undefined when it is not JSON', async () => {
    expect(await postJson(`${base}/busy`, {}, '{}', 1000)).toEqual({ status: 429, ok: false, retryAfter: '7', body: undefined });
  });

  it('reads a body cut short as no JSON', async () => {
    expect(await postJson(`${base}/cut`, {}, '{}', 1000)).toMatchObject({ status: 200, body: undefined });
  });

  it('fails as fetch fails: a reset in doubt, a refused connection not, a timeout as a timeout', async () => {
    const reset = await postJson(`${base}/reset`, {}, '{}', 1000).catch((error: unknown) => error);
    expect(describeRequestFailure(reset, 'request failed', true)).toMatchObject({ kind: 'transient', code: 'ECONNRESET', inDoubt: true });
    const refused = await postJson('http://127.0.0.1:1/x', {}, '{}', 1000).catch((error: unknown) => error);
    expect(describeRequestFailure(refused, 'request failed', true)).toMatchObject({ kind: 'transient', code: 'ECONNREFUSED', inDoubt: false });
    const slow = createServer(() => undefined);
    await new Promise<void>((listening) => slow.listen(0, '127.0.0.1', listening));
    const timedOut = await postJson(`http://127.0.0.1:${(slow.address() as AddressInfo).port}/`, {}, '{}', 100).catch((error: unknown) => error);
    slow.closeAllConnections();
    slow.close();
    expect(describeRequestFailure(timedOut, 'request failed', true)).toMatchObject({ kind: 'transient', code: 'timeout', inDoubt: true });
  });
});
