import { describe, expect, it } from 'vitest';
import { parseTwilioStatus } from '../../../src/channels/twilio/parseTwilioStatus';
import { parseTwilioWebhook } from '../../../src/channels/twilio/parseTwilioWebhook';
import { readTwilioForm } from '../../../src/channels/twilio/readTwilioForm';
import { createTwilioAdapter } from '../../../src/channels/twilio/createTwilioAdapter';
import { readProviderFixture } from '../../fakes/readProviderFixture';

const NOW = Date.UTC(2026, 10, 26, 9, 0, 0);
const form = (name: string) => readTwilioForm(readProviderFixture(`twilio/${name}`).trim());

describe('parseTwilioWebhook', () => {
  it('reads an inbound text', () => {
    const result = parseTwilioWebhook(form('inbound-text.form'), NOW);
    expect(result).toEqual({
      ok: true,
      batches: [
        {
          channelAddress: '+15550001111',
          statuses: [],
          messages: [
            {
              providerMessageId: 'SM00000000000000000000000000000001',
              from: '+15550002222',
              profileName: 'Test User One',
              at: NOW,
              text: 'Hello, this is a test message',
            },
          ],
        },
      ],
    });
  });

  it('reads inbound media with its caption', () => {
    const result = parseTwilioWebhook(form('inbound-media.form'), NOW);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.batches[0].messages[0]).toEqual({
      providerMessageId: 'MM00000000000000000000000000000002',
      from: '+15550002222',
      profileName: 'Test User One',
      at: NOW,
      media: {
        kind: 'image',
        providerRef:
          'https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/MM00000000000000000000000000000002/Media/ME00000000000000000000000000000002',
        mimeType: 'image/jpeg',
        caption: 'Test caption',
      },
    });
  });

  it('reads a quick-reply button tap as replyId', () => {
    const result = parseTwilioWebhook(form('inbound-button.form'), NOW);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.batches[0].messages[0]).toMatchObject({
      providerMessageId: 'SM00000000000000000000000000000003',
      replyId: 'confirm_yes',
      text: 'Yes',
      inReplyTo: 'SM000000000000000000000000000000A1',
    });
  });

  it('ignores unknown keys', () => {
    const result = parseTwilioWebhook({ ...form('inbound-text.form'), SomethingNew: 'x' }, NOW);
    expect(result.ok).toBe(true);
  });

  it.each([
    ['MessageSid', 'MessageSid'],
    ['From', 'From'],
    ['To', 'To'],
  ])('names the missing field %s', (key, field) => {
    const params = form('inbound-text.form');
    delete params[key];
    const result = parseTwilioWebhook(params, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.field).toBe(field);
    expect(result.error.message).toBe(`Twilio webhook: field '${field}' is missing`);
  });

  it('names a From that is not a phone number', () => {
    const result = parseTwilioWebhook({ ...form('inbound-text.form'), From: 'whatsapp:hello' }, NOW);
    expect(result).toMatchObject({ ok: false, error: { field: 'From', message: expect.stringContaining('whatsapp:+15550001234') } });
  });

  it('names MediaUrl0 when NumMedia says there is media but no URL came', () => {
    const params = form('inbound-media.form');
    delete params.MediaUrl0;
    expect(parseTwilioWebhook(params, NOW)).toMatchObject({ ok: false, error: { field: 'MediaUrl0' } });
  });

  it('names a repeated field', () => {
    const params = { ...form('inbound-text.form'), MessageSid: ['SM1', 'SM2'] };
    expect(parseTwilioWebhook(params, NOW)).toMatchObject({ ok: false, error: { field: 'MessageSid' } });
  });
});

describe('parseTwilioStatus', () => {
  it('reads a delivered status', () => {
    expect(parseTwilioStatus(form('status-delivered.form'), NOW)).toEqual({
      ok: true,
      batches: [
        {
          channelAddress: '+15550001111',
          messages: [],
          statuses: [
            { providerMessageId: 'SM000000000000000000000000000000A1', status: 'delivered', at: NOW, recipient: '+15550002222' },
          ],
        },
      ],
    });
  });

  it('reads a failed status with its error code and a reason', () => {
    const result = parseTwilioStatus(form('status-failed.form'), NOW);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.batches[0].statuses[0]).toMatchObject({
      status: 'failed',
      errorCode: '63016',
      errorReason: expect.stringContaining('24-hour window'),
    });
  });

  it('maps undelivered to failed and skips intermediate statuses', () => {
    const undelivered = parseTwilioStatus({ ...form('status-delivered.form'), MessageStatus: 'undelivered' }, NOW);
    const queued = parseTwilioStatus({ ...form('status-delivered.form'), MessageStatus: 'queued' }, NOW);
    expect(undelivered.ok && undelivered.batches[0].statuses[0].status).toBe('failed');
    expect(queued.ok && queued.batches[0].statuses).toEqual([]);
  });

  it('names a missing MessageStatus (its older alias SmsStatus missing too)', () => {
    const params = form('status-delivered.form');
    delete params.MessageStatus;
    delete params.SmsStatus;
    expect(parseTwilioStatus(params, NOW)).toMatchObject({ ok: false, error: { field: 'MessageStatus' } });
  });
});

describe('Twilio adapter parse', () => {
  const adapter = createTwilioAdapter({ accountSid: 'AC00000000000000000000000000000000', authToken: 't', from: '+15550001111' });
  const request = (name: string) => ({ url: 'https://x.test/', headers: {}, rawBody: Buffer.from(readProviderFixture(`twilio/${name}`).trim()) });

  it('tells inbound messages from status callbacks', () => {
    const inbound = adapter.parse(request('inbound-text.form'), NOW);
    const status = adapter.parse(request('status-failed.form'), NOW);
    expect(inbound.ok && inbound.batches[0].messages).toHaveLength(1);
    expect(status.ok && status.batches[0].statuses).toHaveLength(1);
  });

  const formRequest = (fields: Record<string, string>) => ({ url: 'https://x.test/', headers: {}, rawBody: Buffer.from(new URLSearchParams(fields).toString()) });

  it('takes a callback naming only MessageSid and a status (MessageStatus or SmsStatus) as a status, without From', () => {
    for (const name of ['MessageStatus', 'SmsStatus']) {
      const status = adapter.parse(formRequest({ MessageSid: 'SM00000000000000000000000000000009', [name]: 'delivered' }), NOW);
      expect(status).toMatchObject({ ok: true, batches: [{ messages: [], statuses: [{ providerMessageId: 'SM00000000000000000000000000000009', status: 'delivered' }] }] });
    }
  });

  it("names a status callback's missing MessageSid as the status callback's", () => {
    expect(adapter.parse(formRequest({ MessageStatus: 'sent' }), NOW)).toMatchObject({ ok: false, error: { field: 'MessageSid', message: "Twilio status callback: field 'MessageSid' is missing" } });
  });

  it('names a status sent twice in a status callback, rather than taking the callback for an inbound message', () => {
    const callback = `${readProviderFixture('twilio/status-delivered.form').trim()}&MessageStatus=read`;
    expect(adapter.parse({ url: 'https://x.test/', headers: {}, rawBody: Buffer.from(callback) }, NOW)).toMatchObject({
      ok: false,
      error: { field: 'MessageStatus', message: "Twilio status callback: field 'MessageStatus' must be string, not array" },
    });
  });

  it('says what is missing for each when a request is neither an inbound message nor a status callback', () => {
    const neither = adapter.parse(formRequest({ MessageSid: 'SM00000000000000000000000000000009' }), NOW);
    expect(neither).toMatchObject({
      ok: false,
      error: { field: 'From', message: "Twilio webhook: neither an inbound message (field 'From' is missing) nor a status callback (field 'MessageStatus' is missing)" },
    });
    const badFrom = adapter.parse(formRequest({ MessageSid: 'SM00000000000000000000000000000009', From: 'whatsapp:nobody', To: 'whatsapp:+15550001111' }), NOW);
    expect(badFrom).toMatchObject({ ok: false, error: { field: 'From', message: expect.stringMatching(/^Twilio webhook: field 'From' must be/) } });
  });
});
