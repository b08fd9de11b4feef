import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleInbound } from '../../src/engine/handleInbound';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { measureStatementBlocks } from '../support/measureStatementBlocks';
import { recordHotStep } from '../support/recordHotStep';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: EngineWorld;
let phones: string[];

// Workers who play the quiz here. The statements are planned with them alone (as a connection
// plans them on a young database), then the organization grows by OTHERS, whose numbers are not in
// the order they joined: a plan that reads every worker of the organization reads a block for each.
const WORKERS = 20;
const OTHERS = 800;
// Entries of the organization's ledger when the statements are planned.
const LEDGER_AT_PLANNING = 150;

/** `OTHERS` workers, each with a completed enrollment in the program and six progress rows; the organization's ledger grows to six entries of today a worker. */
async function addOtherWorkers(): Promise<void> {
  await world.sql(
    `insert into workers (organization_id, full_name, phone_number, language, timezone)
     select :organization_id, 'Other ' || g, '+1777' || lpad(((g * 7919) % 100000)::text, 7, '0'), 'en', 'UTC' from generate_series(1, :others) g`,
    { others: OTHERS },
  );
  await world.sql(
    `insert into worker_assignments (organization_id, program_id, worker_id, status)
     select :organization_id, :program, id, 'completed' from workers where organization_id = :organization_id and phone_number like '+1777%'`,
    { program: world.program.id },
  );
  await world.sql(
    `insert into worker_progress (organization_id, worker_assignment_id, touchpoint_id, started_at, completed_at, score, correct, attempt)
     select :organization_id, a.id, t.id, now(), now(), 1, true, 1
       from worker_assignments a, (select id from touchpoints where organization_id = :organization_id order by sequence_order limit 6) t
      where a.organization_id = :organization_id and a.status = 'completed'`,
  );
  await addLedgerEntries(`w.phone_number like '+1777%'`, OTHERS * 6);
}

/** Ledger entries of today (kind `quizAnswered`) until the organization has `total`, spread over its workers that match `which` (SQL on `w`). */
async function addLedgerEntries(which: string, total: number): Promise<void> {
  await world.sql(
    `with owners as (
       select w.id, row_number() over (order by w.id) - 1 as n, count(*) over () as owners from workers w where w.organization_id = :organization_id and ${which})
     insert into gamification_ledger (organization_id, worker_id, program_id, kind, points, idempotency_key, occurred_at, week_start)
     select :organization_id, o.id, :program, 'quizAnswered', 10, 'added:' || :total || ':' || g, :at::timestamptz, :at::date
       from generate_series(1, :total - (select count(*) from gamification_ledger where organization_id = :organization_id)) g
       join owners o on o.n = g % o.owners`,
    { program: world.program.id, total, at: new Date(world.clock.now()).toISOString() },
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'bench-quiz' });
  phones = [];
  for (let i = 0; i < WORKERS; i++) {
    const worker = await world.addWorker();
    await world.enroll(worker.id);
    phones.push(worker.phoneNumber!);
  }
  // Everyone answers the first question; the first worker then the next four.
  for (const phone of phones) await world.say(phone, '1');
  for (let answer = 2; answer <= 5; answer++) expect(await world.say(phones[0]!, '1')).toMatchObject({ kind: 'advanced', completed: false });
  // The ledger as a young organization has it (the others' entries, not the first worker's): its
  // index by organization and key still one leaf, the one by organization and worker split (the
  // size at which a lookup by organization looks cheaper to a plan made without statistics).
  await addLedgerEntries(`w.phone_number <> '${phones[0]}'`, LEDGER_AT_PLANNING);
}, 120_000);
afterAll(() => db.destroy());

describe("the inbound step's statements, planned without statistics (a fresh database; CI and the bench run without autovacuum)", () => {
  it('read and write a bounded number of shared blocks per call, not one per worker or progress row of the organization', async () => {
    const recorder = recordHotStep(db.hot);
    const channel = { id: world.channel.id, organizationId: world.organization.id };
    // The last answer: the read, the journey's end and the writes with the ledger (rolled back, recorded).
    const outcome = await handleInbound({ ...world.deps, hot: recorder.hot }, channel, { providerMessageId: `blocks-${randomUUID()}`, from: phones[0]!, at: world.clock.now(), text: '1' });
    expect(outcome).toMatchObject({ kind: 'advanced', completed: true });
    // The write is the statement of its shape (the kinds of rows it writes): a name each.
    const names = recorder.calls.map((call) => call.statement.name.replace(/^(hot_inbound_write_ledger)_[0-9a-z]+$/, '$1'));
    expect(names).toEqual(['hot_inbound_read', 'hot_journey_end', 'hot_inbound_write_ledger']);

    const measured = await measureStatementBlocks(db.directUrl, recorder.calls, addOtherWorkers);
    const blocks = Object.fromEntries(measured.map((call, n) => [names[n], call.blocks]));
    console.info('shared blocks per call', blocks);
    // Measured about 90, 50 and 370-440 (foreign-key checks included; the write's varies run to run;
    // the ledger, 110 alone, is in the write). The write's checks of its worker key, planned here
    // without statistics, walked workers_organization_status_index, reading the row of every worker
    // of the organization (610-640 blocks run alongside two other files), until
    // Migration20261207060000_16_indexesWithQueries dropped it, then walked the leaves of
    // workers_list_phone_index (358 here) until Migration20261207080000_16_workerListsWithoutSimulated
    // left the simulator's workers out of it: they take the unique (id, organization_id) index
    // (346; tests/db/workerForeignKeyCheck.test.ts). Before, the read found its worker through an index of
    // the organization, reading every worker (918 blocks here), and the write hashed every progress
    // row of the organization (421). The read's latest activity through the ledger's index of the
    // organization's keys read 49 blocks more (140). Planned on a ledger of 150 entries, the read's
    // latest activity and the write's points of today took an index of the organization's ledger
    // and read every entry of it (4895 and 5125 blocks here), until both looked up by worker.
    expect(blocks.hot_inbound_read).toBeLessThanOrEqual(120);
    expect(blocks.hot_journey_end).toBeLessThanOrEqual(100);
    expect(blocks.hot_inbound_write_ledger).toBeLessThanOrEqual(560);
  });
});
