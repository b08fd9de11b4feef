/** A Twilio WhatsApp channel for webhook tests: its auth token signs requests with the real `twilio` helper. */
export function twilioTestChannel(businessNumber = '+15550009999', authToken = 'twilio-auth-token-secret-value') {
  return {
    authToken,
    businessNumber,
    world: {
      channelKind: 'twilio' as const,
      channelAddress: businessNumber,
      channelSettings: { accountSid: 'AC00000000000000000000000000000000', from: businessNumber },
      secrets: { authToken },
    },
  };
}

/** A Cloud API channel for webhook tests, told apart by `suffix` (its phone number id and app id). */
export function cloudApiTestChannel(suffix: string) {
  const appSecret = `meta-app-secret-value-${suffix}`;
  const phoneNumberId = `105550${suffix}`;
  const secrets = { appSecret, accessToken: 'EAAG-access-token-secret', verifyToken: 'verify-me-please' };
  return {
    appSecret,
    phoneNumberId,
    secrets,
    world: { channelKind: 'cloud_api' as const, channelAddress: phoneNumberId, channelSettings: { phoneNumberId, appId: `424200${suffix}` }, secrets },
  };
}
