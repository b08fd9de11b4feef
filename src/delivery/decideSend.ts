import type { OutboundMessage } from '../channels/channelTypes';
import { messagePriorities } from '../db/entities/Message';
import { buildOutboundMessage, parseOutboundPayload } from './buildOutboundMessage';
import { enforcesServiceWindow, SERVICE_WINDOW_MS } from '../channels/channelPolicy';
import { findQuietHoursEnd } from './findQuietHoursEnd';
import type { OutboxRow } from './outboxRow';

/** What to do with one queued row now. Expected outcomes are values. */
export type SendDecision =
  | { kind: 'send'; message: OutboundMessage; asTemplate: boolean }
  /** Not sendable as is (24-hour window closed and no template): keep it, report it. */
  | { kind: 'hold'; code: string; reason: string }
  /** Leave it queued until `until` (epoch ms): quiet hours; `reason` says why and until when. */
  | { kind: 'defer'; until: number; code: 'quiet_hours'; reason: string }
  /** Not now, but soon: an earlier message to the same worker. */
  | { kind: 'wait'; until: number | undefined }
  | { kind: 'fail'; code: string; reason: string };

/** Quiet hours defer proactive and bulk rows (never replies) to their end, in the worker's time zone. */
function deferForQuietHours(row: OutboxRow, now: number): Extract<SendDecision, { kind: 'defer' }> | undefined {
  if (row.priority === messagePriorities.reply) return undefined;
  const timeZone = row.worker_timezone ?? row.organization_settings.timezone ?? 'UTC';
  const quietHours = row.organization_settings.quietHours;
  const until = findQuietHoursEnd(quietHours, timeZone, now);
  return until === undefined ? undefined : { kind: 'defer', until, code: 'quiet_hours', reason: `deferred until ${quietHours?.end} ${timeZone} (quiet hours)` };
}

/**
 * Decides a queued row's fate at business time `now`: order per worker, recipient, worker status,
 * quiet hours (proactive and bulk only), the 24-hour window (template or hold). The pair rate is
 * the claim's (`paceRecipients`).
 */
export function decideSend(row: OutboxRow, now: number): SendDecision {
  // A row behind an earlier one (often deferred in this same claim) is deferred with it, to the same
  // end, so it is not left queued without a reason; order is kept, as both fall due together.
  if (row.waits_for_earlier) return deferForQuietHours(row, now) ?? { kind: 'wait', until: undefined };
  const parsed = parseOutboundPayload(row.payload);
  if (!parsed.ok) return { kind: 'fail', code: 'invalid_payload', reason: parsed.reason };
  const payload = parsed.payload;
  const to = row.worker_phone ?? payload.to;
  if (!to) return { kind: 'fail', code: 'no_recipient', reason: 'the worker has no phone number and the payload names no recipient' };
  const reply = row.priority === messagePriorities.reply;
  if (!reply && row.worker_id && row.worker_status !== 'active') {
    return { kind: 'fail', code: 'worker_inactive', reason: `the worker is ${row.worker_status ?? 'gone'}: proactive messages are not sent` };
  }
  const deferral = deferForQuietHours(row, now);
  if (deferral) return deferral;
  // Replies to an unknown sender (no worker) answer a message that just arrived: the window is open.
  const windowOpen =
    !enforcesServiceWindow(row.channel_kind) ||
    row.worker_id === null ||
    (row.last_inbound_at !== null && now - new Date(row.last_inbound_at).getTime() < SERVICE_WINDOW_MS);
  if (!windowOpen && !payload.template) {
    return {
      kind: 'hold',
      code: 'window_closed',
      reason: "the worker's last message is older than 24 hours and this message names no approved template",
    };
  }
  const asTemplate = !windowOpen;
  const built = buildOutboundMessage(to, row.body, payload, asTemplate);
  if (!built.text && !built.media && !built.template) return { kind: 'fail', code: 'empty_message', reason: 'the message has no text, media or template' };
  return { kind: 'send', message: built, asTemplate };
}
