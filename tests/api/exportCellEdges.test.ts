import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();
const names = ['+1 555 CALL', '-2+3', '@SUM(A1:A9)', '=HYPERLINK("https://evil.example","x")', 'Zoë 山田 👩‍🔧', 'Ann, =1+2', 'O\'Brien "Junior"'];

beforeAll(async () => {
  for (const [i, fullName] of names.entries()) {
    const id = String((await world().admin('POST', '/v1/workers', { fullName, phoneNumber: `+1555300050${i}` })).json.id);
    await world().sql(`insert into well_being_answers (organization_id, worker_id, value, answered_at) values (:organization_id, :id, 3, now())`, { id });
  }
});

describe('a CSV export of hostile names', () => {
  it('neutralises every formula start, keeps unicode and quotes as written, one row each', async () => {
    const answer = await world().admin('GET', '/v1/exports/well-being');
    expect(answer.status).toBe(200);
    const rows = parse(answer.text, { columns: true }) as { worker_name: string }[];
    const exported = rows.map((row) => row.worker_name).sort();
    const expected = names.map((name) => (/^[=+\-@\t]/.test(name) || name.includes(', =') ? `'${name}` : name)).sort();
    expect(exported).toEqual(expected);
    expect(exported.filter((name) => /^[=+\-@\t]/.test(name))).toEqual([]);
  });
});
