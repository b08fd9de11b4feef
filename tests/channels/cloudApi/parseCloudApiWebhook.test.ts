import { describe, expect, it } from 'vitest';
import type { ParseResult, WebhookBatch } from '../../../src/channels/channelTypes';
import { parseCloudApiWebhook } from '../../../src/channels/cloudApi/parseCloudApiWebhook';
import { readProviderFixture, readProviderJson } from '../../fakes/readProviderFixture';

const parse = (name: string) => parseCloudApiWebhook(readProviderFixture(`cloud-api/${name}`));
const only = (result: ParseResult): WebhookBatch => {
  if (!result.ok) throw new Error(result.error.message);
  expect(result.batches).toHaveLength(1);
  return result.batches[0];
};
const PNID = '000000000000002';

describe('parseCloudApiWebhook: messages', () => {
  it('reads a text message, with profile name and time in ms', () => {
    expect(parse('text.json')).toEqual({
      ok: true,
      batches: [
        {
          channelAddress: PNID,
          statuses: [],
          messages: [
            {
              providerMessageId: 'wamid.TEST0000000000000001',
              from: '+15550002222',
              profileName: 'Test User One',
              at: 1_700_000_000_000,
              text: 'Hello, this is a test message',
            },
          ],
        },
      ],
    });
  });

  it('strips U+0000 and lone surrogates from the text and profile name (JSON escapes included): the message still goes through', () => {
    const body = readProviderFixture('cloud-api/text.json').replace('Hello, this is', 'Hel\\u0000lo \\ud800this is').replace('Test User One', 'Test \\udc00User\\u0000 One');
    expect(only(parseCloudApiWebhook(body)).messages[0]).toMatchObject({ text: 'Hello \uFFFDthis is a test message', profileName: 'Test \uFFFDUser One' });
  });

  it('reads an interactive button reply', () => {
    expect(only(parse('interactive-button-reply.json')).messages[0]).toMatchObject({
      replyId: 'btn_yes',
      text: 'Yes',
      inReplyTo: 'wamid.TEST0000000000000OUT1',
    });
  });

  it('reads an interactive list reply', () => {
    expect(only(parse('interactive-list-reply.json')).messages[0]).toMatchObject({
      replyId: 'row_express',
      text: 'Express shipping',
      inReplyTo: 'wamid.TEST0000000000000OUT2',
    });
  });

  it('reads a template quick-reply button (payload as replyId)', () => {
    expect(only(parse('template-button.json')).messages[0]).toMatchObject({
      replyId: 'STOP_PROMOTIONS',
      text: 'Stop promotions',
      inReplyTo: 'wamid.TEST0000000000000OUT3',
    });
  });

  it.each([
    ['image.json', { kind: 'image', providerRef: '0000000000000901', mimeType: 'image/jpeg', caption: 'Test caption for an image' }],
    ['audio.json', { kind: 'audio', providerRef: '0000000000000902', mimeType: 'audio/ogg; codecs=opus' }],
    [
      'document.json',
      { kind: 'document', providerRef: '0000000000000903', mimeType: 'application/pdf', caption: 'Test invoice', filename: 'test-invoice.pdf' },
    ],
  ])('reads media from %s as a media id', (file, media) => {
    const message = only(parse(file)).messages[0];
    expect(message.media).toEqual(media);
    expect(message.text).toBeUndefined();
  });

  it('marks an unsupported message type', () => {
    expect(only(parse('unsupported.json')).messages[0]).toMatchObject({
      providerMessageId: 'wamid.TEST0000000000000010',
      unsupported: { type: 'poll_creation' },
    });
  });

  it('marks message types it does not translate (location, sticker, reaction)', () => {
    const body = readProviderJson('cloud-api/text.json') as { entry: Array<{ changes: Array<{ value: { messages: Array<Record<string, unknown>> } }> }> };
    const message = body.entry[0].changes[0].value.messages[0];
    delete message.text;
    message.type = 'location';
    message.location = { latitude: 1, longitude: 2 };
    expect(only(parseCloudApiWebhook(JSON.stringify(body))).messages[0].unsupported).toEqual({ type: 'location' });
  });

  it('groups a batched POST per phone_number_id, in order', () => {
    const batch = only(parse('batched-two-messages.json'));
    expect(batch.channelAddress).toBe(PNID);
    expect(batch.messages.map((m) => [m.from, m.profileName, m.text])).toEqual([
      ['+15550002222', 'Test User One', 'First batched message'],
      ['+15550003333', 'Test User Two', 'Second batched message'],
    ]);
  });

  it('keeps entries for different numbers in separate batches', () => {
    const body = readProviderJson('cloud-api/batched-two-messages.json') as {
      entry: Array<{ changes: Array<{ value: { metadata: { phone_number_id: string } } }> }>;
    };
    body.entry[1].changes[0].value.metadata.phone_number_id = '000000000000099';
    const result = parseCloudApiWebhook(JSON.stringify(body));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.batches.map((b) => [b.channelAddress, b.messages.length])).toEqual([
      [PNID, 1],
      ['000000000000099', 1],
    ]);
  });

  it('skips changes for other fields', () => {
    const body = { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED' } }] }] };
    expect(parseCloudApiWebhook(JSON.stringify(body))).toEqual({ ok: true, batches: [] });
  });
});

describe('parseCloudApiWebhook: statuses', () => {
  it.each([
    ['status-sent.json', 'sent', 1_700_000_100_000],
    ['status-delivered.json', 'delivered', 1_700_000_105_000],
    ['status-read.json', 'read', 1_700_000_200_000],
  ])('reads %s', (file, status, at) => {
    expect(only(parse(file)).statuses).toEqual([
      { providerMessageId: 'wamid.TEST0000000000000OUT9', status, at, recipient: '+15550002222' },
    ]);
  });

  it('reads a failed status with its error code and details', () => {
    expect(only(parse('status-failed.json')).statuses[0]).toEqual({
      providerMessageId: 'wamid.TEST0000000000000OUT9',
      status: 'failed',
      at: 1_700_000_110_000,
      recipient: '+15550002222',
      errorCode: '131047',
      errorReason: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    });
  });
});

describe('parseCloudApiWebhook: malformed bodies name the field', () => {
  const mutate = (change: (message: Record<string, unknown>) => void) => {
    const body = readProviderJson('cloud-api/text.json') as { entry: Array<{ changes: Array<{ value: { messages: Array<Record<string, unknown>> } }> }> };
    change(body.entry[0].changes[0].value.messages[0]);
    return parseCloudApiWebhook(JSON.stringify(body));
  };
  const base = 'entry[0].changes[0].value.messages[0]';

  it('broken JSON', () => {
    expect(parseCloudApiWebhook('{"object":')).toMatchObject({ ok: false, error: { message: expect.stringContaining('not valid JSON') } });
  });

  it('wrong object', () => {
    expect(parseCloudApiWebhook('{"object":"page","entry":[]}')).toMatchObject({ ok: false, error: { field: 'object' } });
  });

  it.each([
    ['id', (m: Record<string, unknown>) => delete m.id, `${base}.id`],
    ['from', (m: Record<string, unknown>) => delete m.from, `${base}.from`],
    ['timestamp as a number', (m: Record<string, unknown>) => (m.timestamp = 1700000000), `${base}.timestamp`],
    ['text body of a text message', (m: Record<string, unknown>) => delete m.text, `${base}.text`],
    ['from that is not a number', (m: Record<string, unknown>) => (m.from = 'abc'), `${base}.from`],
  ])('%s', (_label, change, field) => {
    const result = mutate(change);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload', field } });
    if (!result.ok) expect(result.error.message).toContain(`'${field}'`);
  });

  it('missing phone_number_id', () => {
    const body = readProviderJson('cloud-api/text.json') as { entry: Array<{ changes: Array<{ value: { metadata: Record<string, unknown> } }> }> };
    delete body.entry[0].changes[0].value.metadata.phone_number_id;
    expect(parseCloudApiWebhook(JSON.stringify(body))).toMatchObject({
      ok: false,
      error: { field: 'entry[0].changes[0].value.metadata.phone_number_id' },
    });
  });
});
