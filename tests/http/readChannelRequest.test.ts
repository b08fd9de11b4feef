import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChannelRequest } from '../../src/http/webhooks/readChannelRequest';

let server: ServerType;
let port: number;
const app = new Hono();
app.post('/hook', async (c) => {
  const read = await readChannelRequest(c, 'https://engine.example');
  return c.json({ url: read.url, headers: read.headers, body: new TextDecoder().decode(read.rawBody) });
});

beforeAll(async () => {
  server = await new Promise<ServerType>((ready) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(started));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

// Mixed case and a repeated name, as a provider or a proxy may send them.
const sent: [string, string][] = [['X-Hub-Signature-256', 'sha256=abc'], ['Content-Type', 'application/json'], ['X-Forwarded-For', '10.0.0.1'], ['x-forwarded-for', '10.0.0.2'], ['X-Empty', '']];

function postOverSocket(): Promise<{ url: string; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/hook?a=1', method: 'POST', headers: [...sent.flat(), 'Content-Length', '11', 'Host', `127.0.0.1:${port}`] }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`HTTP ${res.statusCode}: ${body}`))));
    });
    req.on('error', reject);
    req.end('{"hello":1}');
  });
}

describe('readChannelRequest', () => {
  it('reads the same headers, URL and body on the Node server as from a Fetch request', async () => {
    const overSocket = await postOverSocket();
    const headers = new Headers();
    for (const [name, value] of sent) headers.append(name, value);
    const fetched = await (await app.request('http://127.0.0.1/hook?a=1', { method: 'POST', headers, body: '{"hello":1}' })).json();
    expect(overSocket.url).toBe('https://engine.example/hook?a=1');
    expect(overSocket.body).toBe('{"hello":1}');
    expect(overSocket.headers['x-hub-signature-256']).toBe('sha256=abc');
    expect(overSocket.headers['x-forwarded-for']).toBe('10.0.0.1, 10.0.0.2');
    // The transport's own headers (host, connection, length) exist only over the socket.
    const transport = ['host', 'connection', 'content-length', 'transfer-encoding'];
    const withoutTransport = (all: Record<string, string>) => Object.fromEntries(Object.entries(all).filter(([name]) => !transport.includes(name)));
    expect(withoutTransport(overSocket.headers)).toEqual(withoutTransport(fetched.headers));
    expect(fetched.url).toBe(overSocket.url);
  });
});
