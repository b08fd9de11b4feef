import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenWhileStarting, type StartingServer } from '../../src/app/listenWhileStarting';

let starting: StartingServer;

beforeAll(async () => {
  starting = await listenWhileStarting(0, '127.0.0.1');
});
afterAll(() => new Promise<void>((resolve) => starting.server.close(() => resolve())));

const statusOf = async (path: string, method = 'POST') => (await fetch(`${starting.url}${path}`, { method })).status;

describe('the server while the engine starts', () => {
  it("hands providers' webhooks to the engine once it can take them, while everything else still answers 503", async () => {
    expect(await statusOf('/webhooks/twilio/00000000-0000-4000-8000-000000000001')).toBe(503);
    starting.serveWebhooks(() => new Response('accepted', { status: 200 }));
    expect(await statusOf('/webhooks/twilio/00000000-0000-4000-8000-000000000001')).toBe(200);
    expect(await statusOf('/webhooks/twilio/00000000-0000-4000-8000-000000000001/status')).toBe(200);
    expect(await statusOf('/webhooks/whatsapp/00000000-0000-4000-8000-000000000001', 'GET')).toBe(200);
    expect(await statusOf('/webhooks/broadcasts')).toBe(503);
    expect(await statusOf('/console/00000000-0000-4000-8000-000000000001/messages')).toBe(503);
    expect(await statusOf('/v1/workers', 'GET')).toBe(503);
    expect(await statusOf('/readyz', 'GET')).toBe(503);
    starting.serveApp(() => new Response('app', { status: 201 }));
    expect(await statusOf('/v1/workers', 'GET')).toBe(201);
    expect(await statusOf('/webhooks/broadcasts')).toBe(201);
    // Providers' webhooks stay with the webhooks' app, which has their routes without the whole app's router.
    expect(await statusOf('/webhooks/twilio/00000000-0000-4000-8000-000000000001')).toBe(200);
    expect(await statusOf('/webhooks/whatsapp/00000000-0000-4000-8000-000000000001?hub.mode=subscribe', 'GET')).toBe(200);
  });

  it('keeps an idle connection open for a minute and more, longer than the load balancers in front keep theirs', async () => {
    const keepAlive = await new Promise<string>((resolve, reject) => {
      request(`${starting.url}/healthz`, (response) => {
        response.resume();
        resolve(String(response.headers['keep-alive']));
      }).once('error', reject).end();
    });
    expect(keepAlive).toBe('timeout=65');
  });
});
