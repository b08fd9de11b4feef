import { describe, expect, it } from 'vitest';
import { computeBackoff } from '../../src/delivery/computeBackoff';
import { decideSend } from '../../src/delivery/decideSend';
import { defaultDeliveryPolicy } from '../../src/delivery/deliveryPolicy';
import { findQuietHoursEnd } from '../../src/delivery/findQuietHoursEnd';
import type { OutboxRow } from '../../src/delivery/outboxRow';

const now = Date.UTC(2026, 0, 5, 12, 0);

function row(fields: Partial<OutboxRow> = {}): OutboxRow {
  return {
    id: 'm1', seq: '1', organization_id: 'o1', channel_id: 'c1', worker_id: 'w1', conversation_id: null, priority: 1, attempts: 0,
    possibly_duplicate: false, body: 'Hello', payload: {}, created_at: new Date(now), channel_kind: 'cloud_api', channel_settings: {},
    channel_status: 'active', channel_updated_at: new Date(now), channel_health_marked: false,
    worker_phone: '+15550001111', worker_timezone: 'UTC', worker_status: 'active', organization_settings: {},
    last_inbound_at: new Date(now - 60_000), waits_for_earlier: false, ...fields,
  };
}

describe('decideSend', () => {
  it('presents options as the engine judged they fit, numbered otherwise', () => {
    const options = [{ id: 'a', title: 'Yes' }, { id: 'b', title: 'No' }];
    expect(decideSend(row({ payload: { options, interactive: 'buttons' } }), now)).toMatchObject({
      kind: 'send', message: { to: '+15550001111', text: 'Hello', choices: { options, presentation: 'buttons' } },
    });
    expect(decideSend(row({ payload: { options, interactive: 'none' } }), now)).toMatchObject({ message: { choices: { presentation: 'numbered' } } });
  });

  it('sends to payload.to when the recipient is an unknown sender, and fails when there is none', () => {
    expect(decideSend(row({ worker_id: null, worker_phone: null, payload: { to: '+15550002222' } }), now)).toMatchObject({ kind: 'send', message: { to: '+15550002222' } });
    expect(decideSend(row({ worker_id: null, worker_phone: null }), now)).toMatchObject({ kind: 'fail', code: 'no_recipient' });
  });

  it('keeps the order of one worker’s messages (the pair rate is the claim’s token bucket)', () => {
    expect(decideSend(row({ waits_for_earlier: true }), now)).toEqual({ kind: 'wait', until: undefined });
    expect(decideSend(row(), now)).toMatchObject({ kind: 'send' });
  });

  it('does not send proactive messages to workers who stopped, but still sends replies (the STOP confirmation)', () => {
    expect(decideSend(row({ worker_status: 'opted_out' }), now)).toMatchObject({ kind: 'fail', code: 'worker_inactive' });
    expect(decideSend(row({ worker_status: 'opted_out', priority: 0 }), now)).toMatchObject({ kind: 'send' });
  });

  it('never holds a reply for quiet hours', () => {
    const settings = { quietHours: { start: '11:00', end: '13:00' } };
    expect(decideSend(row({ organization_settings: settings }), now)).toMatchObject({ kind: 'defer', until: Date.UTC(2026, 0, 5, 13, 0) });
    expect(decideSend(row({ organization_settings: settings, priority: 0 }), now)).toMatchObject({ kind: 'send' });
  });

  it('says why a deferred message waits and until when, in the local time', () => {
    const settings = { timezone: 'Africa/Nairobi', quietHours: { start: '21:00', end: '07:00' } };
    expect(decideSend(row({ organization_settings: settings, worker_timezone: null }), Date.UTC(2026, 0, 5, 20, 0))).toMatchObject({
      kind: 'defer', code: 'quiet_hours', until: Date.UTC(2026, 0, 6, 4, 0), reason: 'deferred until 07:00 Africa/Nairobi (quiet hours)',
    });
  });
});

describe('findQuietHoursEnd', () => {
  it('handles hours that wrap past midnight and hours within a day', () => {
    const at = Date.UTC(2026, 0, 5, 23, 30);
    expect(findQuietHoursEnd({ start: '21:00', end: '07:00' }, 'UTC', at)).toBe(Date.UTC(2026, 0, 6, 7, 0));
    expect(findQuietHoursEnd({ start: '21:00', end: '07:00' }, 'UTC', Date.UTC(2026, 0, 5, 7, 0))).toBeUndefined();
    expect(findQuietHoursEnd({ start: '12:00', end: '14:00' }, 'UTC', Date.UTC(2026, 0, 5, 13, 15))).toBe(Date.UTC(2026, 0, 5, 14, 0));
  });

  it('ignores malformed hours and unknown time zones fall back to UTC', () => {
    expect(findQuietHoursEnd({ start: '25:00', end: '07:00' }, 'UTC', now)).toBeUndefined();
    expect(findQuietHoursEnd({ start: '11:00', end: '13:00' }, 'Not/AZone', now)).toBe(Date.UTC(2026, 0, 5, 13, 0));
  });
});

describe('computeBackoff', () => {
  it('doubles per attempt with jitter, caps, and honours Retry-After', () => {
    const policy = defaultDeliveryPolicy;
    expect(computeBackoff(policy, 1, undefined, 0)).toBe(500);
    expect(computeBackoff(policy, 1, undefined, 0.999)).toBeLessThanOrEqual(1000);
    expect(computeBackoff(policy, 4, undefined, 0)).toBe(4000);
    expect(computeBackoff(policy, 30, undefined, 1)).toBe(policy.backoffCapMs);
    expect(computeBackoff(policy, 1, 6000, 0)).toBe(6000);
  });
});
