import { createOutboundFetch } from '../../src/outbound/createOutboundFetch';
import type { OutboundPolicy } from '../../src/outbound/outboundPolicy';

/**
 * The test rigs' receivers (recording servers, the LRS fake) listen on loopback, which the
 * outbound guard refuses by default: tests that post to them allow loopback explicitly, as an
 * operator would with OUTBOUND_ALLOWED_NETWORKS=127.0.0.0/8,::1/128.
 */
export const loopbackReceivers: OutboundPolicy = { allowedNetworks: ['127.0.0.0/8', '::1/128'] };

/** The event sender's fetch for tests whose receivers listen on loopback. */
export const loopbackOutboundFetch = () => createOutboundFetch(loopbackReceivers);
