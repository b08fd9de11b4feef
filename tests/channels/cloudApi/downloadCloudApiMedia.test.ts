import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadCloudApiMedia } from '../../../src/channels/cloudApi/downloadCloudApiMedia';
import { readBody } from '../../support/readBody';
import { startGraphApiFake, type GraphApiFake } from '../../fakes/startGraphApiFake';

const TOKEN = 'test_access_token_000';
let fake: GraphApiFake;

beforeAll(async () => {
  fake = await startGraphApiFake({ accessToken: TOKEN });
  fake.addMedia('0000000000000901', Buffer.from('fake jpeg bytes'), 'image/jpeg');
});
afterAll(() => fake.close());

describe('downloadCloudApiMedia', () => {
  it('looks the media id up, then downloads the bytes, both with the token', async () => {
    const result = await downloadCloudApiMedia({ accessToken: TOKEN, graphBaseUrl: fake.graphBaseUrl }, '0000000000000901');
    if (!result.ok) throw new Error(result.reason);
    expect((await readBody(result.body)).toString()).toBe('fake jpeg bytes');
    expect(result.mimeType).toBe('image/jpeg');
    expect(fake.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/v21.0/0000000000000901', `Bearer ${TOKEN}`],
      ['GET', '/media-files/0000000000000901', `Bearer ${TOKEN}`],
    ]);
  });

  it('refuses a file over maxBytes', async () => {
    const result = await downloadCloudApiMedia({ accessToken: TOKEN, graphBaseUrl: fake.graphBaseUrl, maxBytes: 4 }, '0000000000000901');
    expect(result).toMatchObject({ ok: false, kind: 'permanent', code: 'too_large' });
  });

  it('reports an unknown media id as a permanent Graph error', async () => {
    const result = await downloadCloudApiMedia({ accessToken: TOKEN, graphBaseUrl: fake.graphBaseUrl }, '999');
    expect(result).toMatchObject({ ok: false, kind: 'permanent', code: '100' });
  });

  it('reports a bad token as permanent 190', async () => {
    const result = await downloadCloudApiMedia({ accessToken: 'nope', graphBaseUrl: fake.graphBaseUrl }, '0000000000000901');
    expect(result).toMatchObject({ ok: false, kind: 'permanent', code: '190' });
  });
});
