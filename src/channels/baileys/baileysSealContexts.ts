/** The secret box context of a channel's Baileys creds (`baileys_auth.creds_ciphertext`). */
export const credsContext = (channelId: string) => `${channelId}/baileys/creds`;

/** The secret box context of one Signal key (`baileys_keys.value_ciphertext`): bound to its channel, type and id. */
export const keyContext = (channelId: string, type: string, id: string) => `${channelId}/baileys/${type}/${id}`;
