import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBlueprintVersion } from '../../src/blueprintStore/storeBlueprintVersion';
import { MAX_QUIZ_POINTS, MAX_WAIT_DAYS } from '../../src/blueprints/storableBounds';
import { validateFlowSource } from '../../src/blueprints/validateFlow';
import { handleInbound } from '../../src/engine/handleInbound';
import { MOST_KEPT_POINTS } from '../../src/gamification/authoredRulesSchema';
import { createLogger } from '../../src/logging/createLogger';
import { sendStoredVersionWarningsTo } from '../../src/logging/warnOncePerStoredVersion';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

// Stored before uploads refused them (checkStorableValues, authoredRulesSchema): a reminder, a
// timeout and a wait past the year 9999, a quiz scoring more than worker_progress.score holds.
const flow = `
blueprint: { key: stored-out-of-range, title: Stored before the check, purpose: Values uploads now refuse, defaultLanguage: en, languages: [en], version: "1.0" }
phases:
  - key: main
    title: { en: Main }
    touchpoints:
      - key: q1
        type: quiz
        text: { en: "How do you lift a heavy box?" }
        options:
          - { id: knees, text: { en: Bend my knees }, correct: true }
          - { id: back, text: { en: Bend my back } }
        points: 5000
        reminders: { after: 99999999d, count: 1, text: { en: "Still there?" } }
      - key: day-two
        type: reflection
        text: { en: "How was today?" }
        timeout: { after: 99999999d, then: skip }
      - key: much-later
        type: text
        wait: { duration: 99999999d }
        text: { en: "Much later." }
`;
const tooBigRules = { points: [{ on: 'quizAnswered', points: 10 }, { on: 'reflectionWritten', points: 5 }], dailyCap: 99_999_999_999, streak: { keptPoints: 99_999_999_999 } };
const DAY_MS = 86_400_000;

let db: TestDatabase;
let world: ApiWorld;
const warnings: { version: string; msg: string }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
  sendStoredVersionWarningsTo(createLogger('warn', { write: (line: string) => void warnings.push(JSON.parse(line) as { version: string; msg: string }) }));
  // What an upload refuses, stored as a version was before the check.
  const { doc, issues } = validateFlowSource(flow, 'stored.yaml');
  expect(issues.map((issue) => issue.code)).toEqual(['too-many-points', 'too-long', 'too-long', 'too-long']);
  if (!doc) throw new Error('the flow does not parse');
  await storeBlueprintVersion(world.em(), doc, { publish: true });
  await world.sql(`insert into gamification_rule_versions (organization_id, version, rules, active, activated_at) values (:organization_id, 1, :rules::jsonb, true, now())`, { rules: JSON.stringify(tooBigRules) });
});
afterAll(async () => {
  sendStoredVersionWarningsTo(createLogger('warn'));
  await db.destroy();
});

describe('a flow version and a rules version stored with values beyond what can be stored', () => {
  it('play with them clamped to the upload bounds: enrolling is no 500, answers and kept streaks are not dead-lettered; one warning per version', async () => {
    const phoneNumber = '+15557000001';
    const workerId = String((await world.admin('POST', '/v1/workers', { fullName: 'Amina Njeri', phoneNumber })).json.id);
    const programId = String((await world.admin('POST', '/v1/programs', { name: 'Old versions', blueprints: ['stored-out-of-range'] })).json.id);
    await world.admin('POST', `/v1/programs/${programId}/activate`);
    expect((await world.admin('POST', `/v1/programs/${programId}/enroll`, { workerIds: [workerId] })).status).toBeLessThan(300);
    const say = (text: string) => handleInbound(world.engine, { id: world.a.channelId, organizationId: world.a.id }, { providerMessageId: `test-${randomUUID()}`, from: phoneNumber, at: world.clock.now(), text });
    const dueInDays = async (delay: string) => {
      const [timer] = await world.sql<{ due_at: Date }>('select due_at from timers where organization_id = :organization_id and send_id like :sendId', { sendId: `%${delay}%` });
      return Math.round((new Date(timer.due_at).getTime() - world.clock.now()) / DAY_MS);
    };
    expect(await dueInDays('reminder')).toBe(MAX_WAIT_DAYS);

    await say('knees');
    const [score] = await world.sql<{ score: string }>(`select p.score from worker_progress p join touchpoints t on t.id = p.touchpoint_id where p.organization_id = :organization_id and t.key = 'q1'`);
    expect(Number(score.score)).toBe(MAX_QUIZ_POINTS);
    expect(await dueInDays('timeout_day-two')).toBe(MAX_WAIT_DAYS);

    world.clock.advance(DAY_MS);
    await say('A good day, two pallets moved safely.');
    expect(await dueInDays('pace_much-later')).toBe(MAX_WAIT_DAYS);
    const ledger = await world.sql<{ kind: string; points: number }>(`select kind, points from gamification_ledger where organization_id = :organization_id and kind = 'streakKept'`);
    expect(ledger).toEqual([{ kind: 'streakKept', points: MOST_KEPT_POINTS }]);

    expect(warnings.map((warning) => warning.version.split(':')[0]).sort()).toEqual(['blueprint', 'rules']);
  });
});
