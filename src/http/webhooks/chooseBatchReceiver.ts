import type { LoadedChannel } from '../../channels/channelRegistry';
import type { ChannelRequest } from '../../channels/channelTypes';

/** Where a Cloud API batch goes: a channel, or nowhere and why (logged, never answered). */
export type BatchReceiver = { channel: LoadedChannel } | { dropped: string };

/**
 * The channel a Cloud API batch may reach, among the active channels claiming its phone number id:
 * the confirmed one when a check confirmed one (a dispute goes to the channel that passed it),
 * of the same Meta app as the called channel, and whose own app secret verified the request (the
 * called channel's was checked already). An app id is only what a channel's organization typed in:
 * the signature is what proves the request comes from the number's app.
 */
export function chooseBatchReceiver(called: LoadedChannel, claimants: LoadedChannel[], request: ChannelRequest): BatchReceiver {
  if (claimants.length === 0) return { dropped: 'no active Cloud API channel has this phone number id' };
  const confirmed = claimants.filter((claimant) => claimant.numberConfirmed);
  const sameApp = (confirmed.length > 0 ? confirmed : claimants).filter((claimant) => claimant.settings.appId === called.settings.appId);
  if (sameApp.length === 0) return { dropped: 'the channel of this phone number id is not of the Meta app the request came through' };
  if (sameApp.some((claimant) => claimant.id === called.id)) return { channel: called };
  const verified = sameApp.find((claimant) => claimant.verify(request).ok);
  return verified ? { channel: verified } : { dropped: "the request is not signed with the app secret of this phone number id's channel" };
}
