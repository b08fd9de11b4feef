import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { runAgainstProcess } from '../../src/bench/runAgainstProcess';
import { runClosedLoop } from '../../src/bench/runClosedLoop';
import { addQuizWorkers, setupQuizBench, type QuizBench } from '../../src/bench/setupQuizBench';
import { startBenchGraphApi, type BenchGraphApi } from '../../src/bench/startBenchGraphApi';
import { createOrganization } from '../support/factories';
import { testSecretBox } from '../support/httpWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let graph: BenchGraphApi;
let quiz: QuizBench;

beforeAll(async () => {
  db = await createTestDatabase();
  graph = await startBenchGraphApi();
  const organization = await createOrganization(asSystem(db.orm.em, 'floor test setup'));
  quiz = await setupQuizBench(db.orm, testSecretBox, organization.id);
});
afterAll(async () => {
  await graph.close();
  await db.destroy();
});

describe("the bench's floor server", () => {
  it("plays the bench quiz from signed Cloud API webhooks with the engine's writes: answers, points, replies sent, the badge", async () => {
    const phones = await addQuizWorkers(db.orm, quiz, quiz.floor, 3);
    const run = await runAgainstProcess(
      {
        entry: 'src/bench/floor/runFloorServer.ts',
        channel: quiz.floor,
        databaseUrl: db.url,
        env: {
          FLOOR_DATABASE_URL: db.url, FLOOR_POOL_SIZE: '4', FLOOR_ORGANIZATION_ID: quiz.organizationId, FLOOR_CHANNEL_ID: quiz.floor.channelId,
          FLOOR_APP_SECRET: quiz.floor.appSecret, FLOOR_PHONE_NUMBER_ID: quiz.floor.phoneNumberId,
          FLOOR_TOUCHPOINTS: quiz.questionTouchpointIds.join(','), FLOOR_GRAPH_BASE_URL: graph.graphBaseUrl,
        },
      },
      // Two workers at once, the third one's journey once one of theirs ended. The floor runs two
      // seconds past the last reply: the last statuses come in and its sweep runs.
      async (target, start) => {
        const figures = await runClosedLoop(target, graph, phones, 60, start, 2);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        return figures;
      },
    );
    expect(run).toMatchObject({ workers: 2, journeys: 3, messages: 18, failed: 0, journeysDone: 3 });
    const em = forOrganization(db.orm.em, quiz.organizationId);
    const [counts] = await scopedSql<{ answers: number; points: number; balances: number; weekly: number; sent: number; delivered: number; badges: number; open: number }>(
      em,
      `select (select count(*)::int from worker_progress where organization_id = :organization_id and correct) as answers,
              (select sum(points)::int from gamification_ledger where organization_id = :organization_id) as points,
              (select sum(points)::int from gamification_balances where organization_id = :organization_id) as balances,
              (select sum(points)::int from gamification_weekly_points where organization_id = :organization_id) as weekly,
              (select count(*)::int from messages where organization_id = :organization_id and channel_id = :channel and direction = 'outbound' and status in ('sent', 'delivered')) as sent,
              (select count(*)::int from messages where organization_id = :organization_id and channel_id = :channel and direction = 'outbound' and status = 'delivered') as delivered,
              (select count(*)::int from worker_badges where organization_id = :organization_id) as badges,
              (select count(*)::int from conversations where organization_id = :organization_id and status = 'active') as open`,
      { channel: quiz.floor.channelId },
    );
    // 2 opening messages and 7 replies per worker; per worker 1 point for the welcome (at enrolment), 11 for each of 6 answers, 20 for the journey.
    expect(counts).toMatchObject({ answers: 18, points: 261, balances: 261, weekly: 261, sent: 27, badges: 3, open: 0 });
    const [{ kept }] = await scopedSql<{ kept: number }>(em, 'select count(*)::int as kept from pending_statuses where organization_id = :organization_id');
    // Each send's `delivered` status is posted as soon as the send is answered, mostly before the floor records the send:
    // such a status is kept in pending_statuses until the send's record, or the sweep a second later, applies it.
    // None is lost, and none is left kept once the sweep ran.
    expect(counts.delivered).toBeGreaterThan(0);
    expect(counts.delivered + kept).toBe(run.statusWebhooks.posted - run.statusWebhooks.failed);
    expect(kept).toBe(0);
    expect(graph.sends.filter((send) => send.to === phones[0])).toHaveLength(9);
  }, 120_000);
});
