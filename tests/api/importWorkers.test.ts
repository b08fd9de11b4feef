import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();

interface ImportAnswer {
  created: number;
  updated: number;
  failed: number;
  errors: { line: number; field: string; message: string }[];
}

describe('worker import', () => {
  it('imports 20,000 CSV rows: good rows in, each bad row reported with its line and field', async () => {
    const lines = ['full_name,phone_number,language,timezone,site,tenure'];
    const bad = new Map<number, string>();
    for (let i = 0; i < 20_000; i++) {
      const line = i + 2;
      let phone = `+2547${String(i).padStart(8, '0')}`;
      let language = 'en';
      let timezone = 'Africa/Nairobi';
      if (i % 1000 === 7) { phone = '0712345'; bad.set(line, 'phoneNumber'); }
      if (i % 1000 === 8) { language = 'English'; bad.set(line, 'language'); }
      if (i % 1000 === 9) { timezone = 'Nairobi'; bad.set(line, 'timezone'); }
      if (i === 19_999) { phone = '+254700000000'; bad.set(line, 'phoneNumber'); } // the same phone as line 2
      lines.push(`"Worker, ${i}",${phone},${language},${timezone},Site ${i % 3},${i % 10}`);
    }
    const started = performance.now();
    const answer = await world().admin('POST', '/v1/workers/import', lines.join('\r\n'), { 'content-type': 'text/csv' });
    const ms = performance.now() - started;
    expect(answer.status).toBe(200);
    const result = answer.json as unknown as ImportAnswer;
    expect(result.failed).toBe(bad.size);
    expect(result.created).toBe(20_000 - bad.size);
    expect(new Map(result.errors.map((e) => [e.line, e.field]))).toEqual(bad);
    expect(result.errors.find((e) => e.line === 20_001)?.message).toContain('line 2');
    const [{ n }] = await world().sql<{ n: number }>(`select count(*)::int as n from workers where organization_id = :organization_id`);
    expect(n).toBe(20_000 - bad.size);
    const [sample] = await world().sql<{ full_name: string; attributes: Record<string, unknown> }>(
      `select full_name, attributes from workers where organization_id = :organization_id and phone_number = '+254700000005'`,
    );
    expect(sample).toEqual({ full_name: 'Worker, 5', attributes: { site: 'Site 2', tenure: 5 } });
    expect(ms).toBeLessThan(20_000);
  });

  it('a JSON import updates known phones (keeping their opt-out) and creates new ones', async () => {
    await world().sql(`update workers set status = 'opted_out' where organization_id = :organization_id and phone_number = '+254700000001'`);
    const answer = await world().admin('POST', '/v1/workers/import', {
      workers: [
        { fullName: 'Renamed', phoneNumber: '+254700000001', attributes: { shift: 'night' } },
        { fullName: 'New', phoneNumber: '+15557770000' },
        { fullName: '', phoneNumber: '+15557770001', attributes: { 'bad key!': 1 } },
      ],
    });
    const result = answer.json as unknown as ImportAnswer;
    expect(result).toMatchObject({ created: 1, updated: 1, failed: 1 });
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([[3, 'fullName'], [3, 'attributes.bad key!']]);
    const [renamed] = await world().sql<{ full_name: string; status: string; attributes: Record<string, unknown> }>(
      `select full_name, status, attributes from workers where organization_id = :organization_id and phone_number = '+254700000001'`,
    );
    expect(renamed).toEqual({ full_name: 'Renamed', status: 'opted_out', attributes: { site: 'Site 1', tenure: 1, shift: 'night' } });
  });

  it('refuses a JSON import with an unknown key beside workers, naming it, and writes nothing', async () => {
    const answer = await world().admin('POST', '/v1/workers/import', { workers: [{ fullName: 'Imp', phoneNumber: '+15553338888' }], nmae: 1 });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatchObject({ code: 'invalid_json', field: 'nmae' });
    expect(await world().sql(`select 1 from workers where organization_id = :organization_id and phone_number = '+15553338888'`)).toEqual([]);
  });

  it('takes a column named like an Object member (constructor, toString) as an attribute', async () => {
    const csv = 'name,phone,constructor,toString\nProto,+15553337001,night,yes\nDrop,+15553337002,day,no\n';
    const answer = await world().admin('POST', '/v1/workers/import', csv, { 'content-type': 'text/csv' });
    expect(answer.json).toMatchObject({ created: 2, failed: 0 });
    expect(await world().sql(`select attributes from workers where organization_id = :organization_id and phone_number = '+15553337001'`)).toEqual([{ attributes: { constructor: 'night', toString: 'yes' } }]);
  });

  it('refuses a __proto__ column (JavaScript would drop it) naming the field, and writes nothing', async () => {
    for (const header of ['name,phone,__proto__', 'name,phone,attributes.__proto__']) {
      const answer = await world().admin('POST', '/v1/workers/import', `${header}\nProto Column,+15553337011,night\n`, { 'content-type': 'text/csv' });
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({ code: 'invalid_csv', field: 'attributes.__proto__', message: expect.stringContaining('reserved name') });
    }
    const json = '{"workers": [{"fullName": "Proto Json", "phoneNumber": "+15553337012", "attributes": {"__proto__": "night", "site": "north"}}]}';
    const answer = await world().admin('POST', '/v1/workers/import', json, { 'content-type': 'application/json' });
    expect(answer.json).toMatchObject({ created: 0, failed: 1, errors: [{ line: 1, field: 'attributes.__proto__', message: expect.stringContaining('reserved name') }] });
    expect(await world().sql(`select 1 from workers where organization_id = :organization_id and full_name like 'Proto %'`)).toEqual([]);
  });

  it('refuses a CSV whose header names one field twice, saying which columns', async () => {
    for (const header of ['name,phone,phone', 'full_name,phone,name', 'name,phone,site,attributes.site']) {
      const answer = await world().admin('POST', '/v1/workers/import', `${header}\nTwice,+15553337005,+15553337006,x\n`, { 'content-type': 'text/csv' });
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({ code: 'invalid_csv', message: expect.stringMatching(/columns \d \('[\w.]+'\) and \d \('[\w.]+'\) of the header are both/) });
    }
    expect(await world().sql(`select 1 from workers where organization_id = :organization_id and full_name = 'Twice'`)).toEqual([]);
  });

  it('refuses a malformed CSV and an unknown media type', async () => {
    const broken = await world().admin('POST', '/v1/workers/import', 'name,phone\n"unclosed,+15550000000\n', { 'content-type': 'text/csv' });
    expect(broken.json.error).toMatchObject({ code: 'invalid_csv' });
    const xml = await world().admin('POST', '/v1/workers/import', '<workers/>', { 'content-type': 'application/xml' });
    expect(xml.status).toBe(415);
  });
});
