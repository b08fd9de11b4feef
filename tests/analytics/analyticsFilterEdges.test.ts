import { beforeAll, describe, expect, it } from 'vitest';
import { publishFlows } from '../support/publishFlows';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();
let programId: string;

beforeAll(async () => {
  await publishFlows(world().em(), ['onboarding']);
  programId = String((await world().admin('POST', '/v1/programs', { name: 'P', blueprints: ['onboarding'] })).json.id);
  const workerId = String((await world().admin('POST', '/v1/workers', { fullName: 'Ada', phoneNumber: '+15553000400', attributes: { site: 'north' } })).json.id);
  expect((await world().admin('POST', `/v1/programs/${programId}/activate`)).status).toBe(200);
  expect((await world().admin('POST', `/v1/programs/${programId}/enroll`, { workerIds: [workerId] })).status).toBeLessThan(300);
});
const analytics = (query: string) => world().admin('GET', `/v1/programs/${programId}/analytics?${query}`);

describe('program analytics filters at their edges', () => {
  it('names a day that does not exist or cannot be stored, days the wrong way round, and a malformed attribute', async () => {
    const cases: [string, string][] = [
      ['from=2026-02-30', 'from'], ['to=2026-13-01', 'to'], ['from=0000-01-01', 'from'], ['to=10000-01-01', 'to'],
      ['from=2026-03-01&to=2026-02-01', 'to'], ['from=yesterday', 'from'],
      ['attribute=site', 'value'], ['value=north', 'value'], ['attribute=si%20te&value=x', 'attribute'], ['attribute=site&value=%20', 'value'],
      ['segmentId=nope', 'segmentId'],
    ];
    for (const [query, field] of cases) {
      const answer = await analytics(query);
      expect(answer.status, query).toBe(400);
      expect(answer.json.error, query).toMatchObject({ field });
    }
  });

  it('answers the widest range of days as the unfiltered figures, and an unknown attribute as nobody', async () => {
    const all = await analytics('');
    expect(all.status).toBe(200);
    expect(all.json.enrolled).toBe(1);
    const widest = await analytics('from=0001-01-01&to=9999-12-31');
    expect(widest.status).toBe(200);
    expect(widest.json.touchpoints).toEqual(all.json.touchpoints);
    for (const query of ['attribute=shoe_size&value=42', 'attribute=__proto__&value=x', 'attribute=site&value=%7B%7D', 'attribute=site&value=1e999']) {
      const answer = await analytics(query);
      expect(answer.status, query).toBe(200);
      expect(answer.json.enrolled, query).toBe(0);
    }
    expect((await analytics('attribute=site&value=north')).json.enrolled).toBe(1);
  });
});
