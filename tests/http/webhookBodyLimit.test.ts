import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookBodyLimit } from '../../src/http/webhooks/webhookBodyLimit';

const LIMIT = 1024;
let server: ServerType;
let port: number;

beforeAll(async () => {
  const app = new Hono();
  app.post('/hook', webhookBodyLimit(LIMIT), async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
  server = await new Promise<ServerType>((ready) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(started));
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** POSTs `size` bytes on a real socket, with Content-Length or chunked. */
function post(size: number, framing: 'declared' | 'chunked'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = framing === 'declared' ? { 'content-length': String(size) } : { 'transfer-encoding': 'chunked' };
    const req = request({ host: '127.0.0.1', port, path: '/hook', method: 'POST', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    // In pieces, so that a chunked body arrives as several chunks.
    for (let sent = 0; sent < size; sent += 300) req.write('x'.repeat(Math.min(300, size - sent)));
    req.end();
  });
}

describe('webhookBodyLimit on the Node server', () => {
  it.each(['declared', 'chunked'] as const)('hands a %s body within the limit to the route whole', async (framing) => {
    for (const size of [0, 1, LIMIT]) {
      const answer = await post(size, framing);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ bytes: size });
    }
  });

  it.each(['declared', 'chunked'] as const)('refuses a %s body over the limit with 413 body_too_large', async (framing) => {
    const answer = await post(LIMIT + 1, framing);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.code).toBe('body_too_large');
  });
});
