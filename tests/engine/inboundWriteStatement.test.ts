import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeInboundStepWithLedger } from '../../src/engine/hotLedgerStatement';
import { inboundWriteShape, writeInboundStep, type InboundWriteShape } from '../../src/engine/inboundWriteStatement';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const noWrites = { outbound: [], progressInserts: [], progressUpdates: [], timersSet: [], timersCancelled: [], wellBeing: [], quizAnswers: 0, quizAnswersCorrect: 0, badges: [] };
const kinds: (keyof InboundWriteShape)[] = ['snapshot', 'badges', 'outbound', 'progressAdded', 'progressCompleted', 'timersSet', 'timersCancelled', 'wellBeing', 'workerCounters', 'events'];
const everyShape = Array.from({ length: 2 ** kinds.length }, (_, bits) => Object.fromEntries(kinds.map((kind, bit) => [kind, (bits & (1 << bit)) !== 0])) as unknown as InboundWriteShape);

describe("the inbound step's write statement", () => {
  it("holds only the CTEs of the kinds of rows the step writes (a quiz answer's: no timers, well-being or badges)", () => {
    const answer = inboundWriteShape(
      { ...noWrites, outbound: [{ touchpointKey: 'q2', body: 'Next', payload: {} }], progressInserts: [{ id: randomUUID(), touchpointId: randomUUID(), startedAt: '', completedAt: null, answer: null, score: null, correct: null, feedback: null, attempt: 1 }], quizAnswers: 1, quizAnswersCorrect: 1 },
      '{}',
      2,
    );
    const { text } = writeInboundStep(answer);
    for (const cte of ['conversation_saved', 'outbound', 'progress_added', 'worker', 'events', 'events_to_endpoints', 'events_to_lrs']) expect(text).toContain(`${cte} as (`);
    for (const cte of ['conversation_counted', 'badges_awarded', 'progress_completed', 'timers_set', 'timers_cancelled', 'well_being']) expect(text).not.toContain(`${cte} as (`);
    // Another shape, another prepared statement; the same shape, the same one.
    expect(writeInboundStep(inboundWriteShape(noWrites, null, 0)).name).not.toBe(writeInboundStep(answer).name);
    expect(writeInboundStep({ ...answer }).name).toBe(writeInboundStep(answer).name);
  });

  it('prepares on PostgreSQL in every shape, with the ledger and without, all binding the same values', async () => {
    const client = new pg.Client({ connectionString: db.directUrl });
    await client.connect();
    try {
      for (const shape of everyShape) {
        for (const statement of [writeInboundStep(shape), writeInboundStepWithLedger(shape)]) {
          await client.query(`prepare ${statement.name} as ${statement.text}`);
          await client.query(`deallocate ${statement.name}`);
        }
      }
      // Nothing to write, in the widest and the narrowest shape: one row of counts, nothing changed.
      const values = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), new Date(), 1, null, 1, '[]', '[]', '[]', '[]', '[]', '[]', 0, 0, '[]', '[]', false, '[]'];
      const all = Object.fromEntries(kinds.map((kind) => [kind, true])) as unknown as InboundWriteShape;
      for (const shape of [all, inboundWriteShape(noWrites, null, 0)]) {
        expect((await client.query(writeInboundStep(shape).text, values)).rows).toEqual([{ conversations: '0', queued: shape.outbound ? '0' : 0 }]);
      }
    } finally {
      await client.end();
    }
  }, 60_000);
});
