import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatShardingPlan, readShardingPlan, type ShardingPlan } from '../../src/cluster/readShardingPlan';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const DOC = 'docs/sharding.md';
const START = '<!-- sharding-plan:start (written from the catalogue; tests/cluster/shardingPlan.test.ts checks it) -->';
const END = '<!-- sharding-plan:end -->';

let db: TestDatabase;
let plan: ShardingPlan;

beforeAll(async () => {
  db = await createTestDatabase();
  plan = await readShardingPlan(db.orm.em.fork());
});
afterAll(() => db.destroy());

describe('the sharding plan (Citus, distributed by organization_id)', () => {
  it('classifies every table and key from the catalogue, and docs/sharding.md says the same', () => {
    const block = formatShardingPlan(plan);
    console.info(block);
    const roleOf = (name: string) => plan.tables.find((t) => t.name === name)?.role;
    expect(roleOf('messages')).toBe('distributed');
    expect(roleOf('organizations')).toBe('distributed');
    expect(roleOf('mikro_orm_migrations')).toBe('local');
    // A key between distributed tables without organization_id is found (the plan is not vacuous).
    expect(plan.keys.some((k) => k.table === 'messages' && k.kind === 'primary key')).toBe(true);
    const written = readFileSync(DOC, 'utf8');
    // UPDATE_SHARDING_PLAN=1 writes the block into the doc (after a migration), as a snapshot update.
    const doc = process.env.UPDATE_SHARDING_PLAN ? written.slice(0, written.indexOf(START) + START.length) + `\n${block}\n` + written.slice(written.indexOf(END)) : written;
    if (doc !== written) writeFileSync(DOC, doc);
    const kept = doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END)).trim();
    expect(doc.includes(START) && doc.includes(END), `${DOC} must hold the block between its markers`).toBe(true);
    expect(kept, `${DOC} is out of date with the schema: replace the block between its markers with the one printed above`).toBe(block);
  });
});
