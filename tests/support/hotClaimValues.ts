import { channelPolicyDefaults, SERVICE_WINDOW_MS } from '../../src/channels/channelPolicy';
import { noFloors, type FloorParameters } from '../../src/delivery/outboxFloors';

/** The hot claim's values as `claimOnHotPath` binds them for a claim of up to 20 at `now`, reading from `floors`. */
export function hotClaimValues(now: number, floors: FloorParameters = noFloors) {
  return {
    now: new Date(now),
    horizon: new Date(now + 60_000),
    skipChannels: '{}',
    skipIds: '{}',
    ...floors,
    limit: 20,
    max: 20,
    baileysHolder: null,
    rates: JSON.stringify(channelPolicyDefaults.rates),
    recipientSpacings: JSON.stringify(channelPolicyDefaults.recipientSpacingMs),
    recipientBursts: JSON.stringify(channelPolicyDefaults.recipientBursts),
    windowOpenAfter: new Date(now - SERVICE_WINDOW_MS + 1_000),
    windowClosedBefore: new Date(now - SERVICE_WINDOW_MS - 1_000),
  };
}
