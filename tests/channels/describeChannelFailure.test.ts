import { describe, expect, it } from 'vitest';
import { describeChannelFailure } from '../../src/channels/describeChannelFailure';

describe('which send failures are the channel’s fault', () => {
  it('counts refused credentials and blocked numbers, in words with the code', () => {
    expect(describeChannelFailure('twilio', '20003')).toMatch(/^Twilio refused the credentials.*\(error 20003\)$/);
    expect(describeChannelFailure('cloud_api', '190')).toMatch(/^Meta refused the access token.*\(error 190\)$/);
    expect(describeChannelFailure('cloud_api', '368')).toContain('blocked this number');
    expect(describeChannelFailure('baileys', 'channel_error')).toContain('cannot be loaded');
  });

  it('does not count failures of one message or recipient, nor another provider’s code', () => {
    expect(describeChannelFailure('twilio', '21211')).toBeUndefined();
    expect(describeChannelFailure('twilio', '63016')).toBeUndefined();
    expect(describeChannelFailure('cloud_api', '131026')).toBeUndefined();
    expect(describeChannelFailure('twilio', '190')).toBeUndefined();
  });
});
