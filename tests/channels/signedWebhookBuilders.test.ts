import { describe, expect, it } from 'vitest';
import { createCloudApiAdapter } from '../../src/channels/cloudApi/createCloudApiAdapter';
import { createTwilioAdapter } from '../../src/channels/twilio/createTwilioAdapter';
import { buildCloudApiInbound, buildCloudApiStatus, signCloudApiBody } from '../fakes/signedCloudApiWebhook';
import { buildTwilioInboundForm, buildTwilioStatusForm, signTwilioRequest } from '../fakes/signedTwilioWebhook';

const NOW = 1_764_000_000_000;

describe('signed webhook builders (for engine tests) round-trip through the adapters', () => {
  it('Twilio: a built, signed inbound button tap verifies and parses', () => {
    const adapter = createTwilioAdapter({ accountSid: 'AC00000000000000000000000000000000', authToken: 'tok', from: '+15550001111' });
    const url = 'https://coach.example.test/webhooks/twilio/ch_1';
    const form = buildTwilioInboundForm({ from: '+15550002222', to: '+15550001111', buttonPayload: 'q1_a', buttonText: 'Option A' });
    const request = signTwilioRequest('tok', url, form);
    expect(adapter.verify(request)).toEqual({ ok: true });
    const parsed = adapter.parse(request, NOW);
    expect(parsed.ok && parsed.batches[0].messages[0]).toMatchObject({ from: '+15550002222', replyId: 'q1_a', text: 'Option A', at: NOW });
    const status = signTwilioRequest('tok', `${url}/status`, buildTwilioStatusForm({ messageSid: 'SM1', status: 'read', from: '+15550001111', to: '+15550002222' }));
    const parsedStatus = adapter.parse(status, NOW);
    expect(parsedStatus.ok && parsedStatus.batches[0].statuses[0]).toMatchObject({ providerMessageId: 'SM1', status: 'read' });
  });

  it('Cloud API: a built, signed text and status verify and parse', () => {
    const adapter = createCloudApiAdapter({ appSecret: 'secret', accessToken: 't', phoneNumberId: '42' });
    const inbound = signCloudApiBody('secret', buildCloudApiInbound({ phoneNumberId: '42', from: '+15550002222', text: 'hi', timestamp: 1_700_000_001 }));
    const request = { url: 'https://x.test/', ...inbound };
    expect(adapter.verify(request)).toEqual({ ok: true });
    const parsed = adapter.parse(request, NOW);
    expect(parsed.ok && parsed.batches[0]).toMatchObject({ channelAddress: '42', messages: [{ from: '+15550002222', text: 'hi', at: 1_700_000_001_000 }] });
    const status = signCloudApiBody('secret', buildCloudApiStatus({ phoneNumberId: '42', id: 'wamid.X', status: 'failed', recipient: '+15550002222', errorCode: 131047 }));
    const parsedStatus = adapter.parse({ url: 'https://x.test/', ...status }, NOW);
    expect(parsedStatus.ok && parsedStatus.batches[0].statuses[0]).toMatchObject({ status: 'failed', errorCode: '131047' });
  });
});
