import { describe, expect, it } from 'vitest';
import { buildCloudApiInbound, signCloudApiBody } from '../fakes/signedCloudApiWebhook';
import { cloudApiTestChannel } from '../support/testChannels';
import { useHttpWorld } from '../support/useHttpWorld';

const { appSecret, phoneNumberId, world: channelOptions } = cloudApiTestChannel('0031');
const world = useHttpWorld({ flow: 'onboarding', ...channelOptions });

const path = () => `/webhooks/whatsapp/${world().channel.id}`;
const storedRows = async () => (await world().sql<{ n: number }>(`select count(*)::int as n from messages where organization_id = :organization_id`))[0].n;
const inbound = () => buildCloudApiInbound({ phoneNumberId, from: '+15550000888', text: 'hi' });

async function post(body: string, signature: string | undefined) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }) };
  const response = await world().request(path(), { method: 'POST', headers, body });
  await world().processed();
  return response;
}

describe('the Cloud API webhook refuses what its app secret did not sign over these exact bytes', () => {
  it.each([
    ['the same JSON re-serialized with other whitespace', (signed: ReturnType<typeof signCloudApiBody>) => [JSON.stringify(JSON.parse(signed.body), null, 2), signed.headers['x-hub-signature-256']]],
    ['the signature without its sha256= prefix', (signed: ReturnType<typeof signCloudApiBody>) => [signed.body, signed.headers['x-hub-signature-256'].slice('sha256='.length)]],
    ["another channel's app secret", () => {
      const other = signCloudApiBody(cloudApiTestChannel('0032').appSecret, inbound());
      return [other.body, other.headers['x-hub-signature-256']];
    }],
    ['an empty signature', (signed: ReturnType<typeof signCloudApiBody>) => [signed.body, '']],
    ['a signature sent twice', (signed: ReturnType<typeof signCloudApiBody>) => [signed.body, `${signed.headers['x-hub-signature-256']}, ${signed.headers['x-hub-signature-256']}`]],
  ])('%s: 403, nothing stored', async (_case, make) => {
    const before = await storedRows();
    const [body, signature] = make(signCloudApiBody(appSecret, inbound()));
    const response = await post(body, signature);
    expect(response.status).toBe(403);
    expect(await storedRows()).toBe(before);
  });
});

describe("Meta's verification handshake", () => {
  const handshake = (query: Record<string, string>) => world().request(`${path()}?${new URLSearchParams(query)}`);

  it('answers 403 for a wrong or missing verify token, 400 naming hub.mode or hub.challenge when either is wrong', async () => {
    const wrong = await handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me-pleasE', 'hub.challenge': '1' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: { message: expect.stringContaining('hub.verify_token') } });
    expect((await handshake({ 'hub.mode': 'subscribe', 'hub.challenge': '1' })).status).toBe(403);
    expect((await handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' })).status).toBe(403);
    expect(await (await handshake({ 'hub.mode': 'unsubscribe', 'hub.verify_token': 'verify-me-please', 'hub.challenge': '1' })).json()).toMatchObject({ error: { message: expect.stringContaining('hub.mode') } });
    expect(await (await handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me-please' })).json()).toMatchObject({ error: { message: expect.stringContaining('hub.challenge') } });
  });

  it('echoes a very long challenge only for the right token, as plain text', async () => {
    const challenge = `<script>${'9'.repeat(10_000)}</script>`;
    expect((await handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': challenge })).status).toBe(403);
    const ok = await handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me-please', 'hub.challenge': challenge });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toBe(challenge);
  });
});
