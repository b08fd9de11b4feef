import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { buildTwilioInboundForm, signTwilioRequest } from '../fakes/signedTwilioWebhook';
import { TEST_PUBLIC_URL } from '../support/httpWorld';
import { twilioTestChannel } from '../support/testChannels';
import { useHttpWorld } from '../support/useHttpWorld';

const { authToken, businessNumber, world: channelOptions } = twilioTestChannel();
const world = useHttpWorld({ flow: 'onboarding', ...channelOptions });

const path = () => `/webhooks/twilio/${world().channel.id}`;
const storedRows = async () => (await world().sql<{ n: number }>(`select count(*)::int as n from messages where organization_id = :organization_id`))[0].n;
const form = () => buildTwilioInboundForm({ from: '+15550000777', to: businessNumber, body: 'hi' });

/** POSTs `params` to `route` (the path and query called) signed for `signedUrl`, with extra headers. */
async function post(route: string, signedUrl: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  const signed = signTwilioRequest(authToken, signedUrl, params);
  const response = await world().request(route, { method: 'POST', headers: { ...signed.headers, ...headers }, body: signed.body });
  await world().processed();
  return response;
}

describe('the Twilio webhook refuses a signature made for another URL than PUBLIC_URL + the path called', () => {
  it.each([
    ['http instead of https', (p: string) => `${TEST_PUBLIC_URL.replace('https:', 'http:')}${p}`],
    ['another host', (p: string) => `https://attacker.example${p}`],
    ['another port', (p: string) => `${TEST_PUBLIC_URL}:8443${p}`],
    ['a trailing slash', (p: string) => `${TEST_PUBLIC_URL}${p}/`],
    ['a query string the request lacks', (p: string) => `${TEST_PUBLIC_URL}${p}?a=1`],
  ])('%s: 403, nothing stored', async (_case, signedFor) => {
    const before = await storedRows();
    const response = await post(path(), signedFor(path()), form());
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'bad_signature' } });
    expect(await storedRows()).toBe(before);
  });

  it('takes the query as called: one added, or the signed one reordered, is refused; the signed one verifies', async () => {
    const before = await storedRows();
    expect((await post(`${path()}?a=1`, `${TEST_PUBLIC_URL}${path()}`, form())).status).toBe(403);
    expect((await post(`${path()}?b=2&a=1`, `${TEST_PUBLIC_URL}${path()}?a=1&b=2`, form())).status).toBe(403);
    expect(await storedRows()).toBe(before);
    expect((await post(`${path()}?a=1&b=2`, `${TEST_PUBLIC_URL}${path()}?a=1&b=2`, form())).status).toBe(200);
  });

  it('never trusts the client: X-Forwarded-Proto, X-Forwarded-Host and Host naming the URL signed are ignored', async () => {
    const before = await storedRows();
    const spoofed = { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'attacker.example', host: 'attacker.example', forwarded: 'host=attacker.example;proto=http' };
    expect((await post(path(), `http://attacker.example${path()}`, form(), spoofed)).status).toBe(403);
    expect(await storedRows()).toBe(before);
    // Behind such a proxy, a request Twilio signed for PUBLIC_URL still verifies.
    expect((await post(path(), `${TEST_PUBLIC_URL}${path()}`, form(), spoofed)).status).toBe(200);
  });
});

describe('the Twilio webhook and odd signature headers', () => {
  it('refuses an empty signature, and one sent twice (even twice the right one)', async () => {
    const before = await storedRows();
    const signed = signTwilioRequest(authToken, `${TEST_PUBLIC_URL}${path()}`, form());
    const good = signed.headers['x-twilio-signature'];
    const send = (headers: Headers) => world().request(path(), { method: 'POST', headers, body: signed.body });
    const empty = new Headers({ 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': '' });
    expect((await send(empty)).status).toBe(403);
    for (const second of [good, 'AAAA']) {
      const twice = new Headers({ 'content-type': 'application/x-www-form-urlencoded' });
      twice.append('x-twilio-signature', good);
      twice.append('X-Twilio-Signature', second);
      expect((await send(twice)).status).toBe(403);
    }
    await world().processed();
    expect(await storedRows()).toBe(before);
  });

  it('reads the header whatever the case of its name (HTTP names are case-insensitive)', async () => {
    const signed = signTwilioRequest(authToken, `${TEST_PUBLIC_URL}${path()}`, form());
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'X-TWILIO-SIGNATURE': signed.headers['x-twilio-signature'] };
    expect((await world().request(path(), { method: 'POST', headers, body: signed.body })).status).toBe(200);
    await world().processed();
  });

  it('refuses an unsigned form repeating one key up to the body limit at once (reading it took seconds of a blocked event loop)', async () => {
    const body = 'a=1&'.repeat(Math.floor(world().webhooks.maxBodyBytes / 4));
    const started = performance.now();
    const response = await world().request(path(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'AAAA' }, body });
    expect(response.status).toBe(403);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses a signed form with a __proto__ field appended: the signature covers every field sent', async () => {
    const before = await storedRows();
    const signed = signTwilioRequest(authToken, `${TEST_PUBLIC_URL}${path()}`, form());
    const response = await world().request(path(), { method: 'POST', headers: signed.headers, body: `${signed.body}&__proto__=x` });
    await world().processed();
    expect(response.status).toBe(403);
    expect(await storedRows()).toBe(before);
  });

  it('answers 400 naming the field for a field repeated in a signed form (the twilio helper signs every value), storing nothing', async () => {
    const before = await storedRows();
    const params = form();
    const url = `${TEST_PUBLIC_URL}${path()}`;
    const body = `${new URLSearchParams(params).toString()}&From=${encodeURIComponent('whatsapp:+15550000778')}`;
    const signature = twilio.getExpectedTwilioSignature(authToken, url, { ...params, From: [params.From, 'whatsapp:+15550000778'] } as unknown as Record<string, string>);
    const response = await world().request(path(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body });
    await world().processed();
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { field: 'From' } });
    expect(await storedRows()).toBe(before);
  });
});
