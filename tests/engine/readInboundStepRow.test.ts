import { describe, expect, it } from 'vitest';
import { readInboundStepRow } from '../../src/engine/readInboundStepRow';

const row = {
  worker_id: 'w1',
  language: null,
  status: 'active',
  bot_paused: false,
  timezone: 'UTC',
  conversation_id: 'c1',
  worker_assignment_id: 'a1',
  journey_blueprint_id: 'b1',
  snapshot: { status: 'active', value: { quiz: 'q1' }, context: {} },
  snapshot_format: 2,
  program_status: 'active',
  inbound_id: 'm1',
  pacing_due_at: new Date('2026-12-06T10:00:00Z'),
  last_activity_day: '2026-12-05',
  last_outbound: { conversationId: 'c1', contentKey: 'q1' },
  progress: { attempts: { t1: 1 }, open: [{ id: 'p1', touchpointId: 't1', attempt: 1, answered: false }] },
};

describe('readInboundStepRow', () => {
  it('reads the row the statement builds as it is', () => {
    expect(readInboundStepRow([row])).toEqual(row);
    expect(readInboundStepRow([{ ...row, conversation_id: null, pacing_due_at: null, last_activity_day: null, last_outbound: null, progress: null }])?.conversation_id).toBeNull();
  });

  it('answers nothing for no row (the sender is no worker)', () => {
    expect(readInboundStepRow([])).toBeUndefined();
  });

  it('coerces what the schema coerces: a due time as text, a count as text', () => {
    const read = readInboundStepRow([{ ...row, pacing_due_at: '2026-12-06T10:00:00Z', progress: { ...row.progress, attempts: { t1: '2' } } }]);
    expect(read?.pacing_due_at).toEqual(new Date('2026-12-06T10:00:00Z'));
    expect(read?.progress?.attempts).toEqual({ t1: 2 });
  });

  it('refuses a row of another shape, naming the column', () => {
    expect(() => readInboundStepRow([{ ...row, status: 'gone' }])).toThrow(/Unreadable inbound step #1: .*status/);
    expect(() => readInboundStepRow([{ ...row, progress: { attempts: {}, open: [{ id: 'p1' }] } }])).toThrow(/Unreadable inbound step #1: .*progress/);
    expect(() => readInboundStepRow([{ ...row, snapshot_format: 1.5 }])).toThrow(/snapshot_format/);
  });
});
