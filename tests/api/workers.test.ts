import { describe, expect, it } from 'vitest';
import { isKnownTimezone } from '../../src/api/workers/workerInput';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();

interface WorkerJson {
  id: string;
  phoneNumber: string;
  status: string;
  optedOutAt: string | null;
  attributes: Record<string, unknown>;
  language: string | null;
}

describe('workers', () => {
  it('creates, reads, changes and deletes a worker', async () => {
    const created = await world().admin('POST', '/v1/workers', { fullName: 'Amina Njeri', phoneNumber: '+254 700-000-001', language: 'en', timezone: 'Africa/Nairobi', attributes: { site: 'Nairobi' } });
    expect(created.status).toBe(201);
    const worker = created.json as unknown as WorkerJson;
    expect(worker).toMatchObject({ phoneNumber: '+254700000001', status: 'active', optedOutAt: null });

    expect((await world().admin('POST', '/v1/workers', { fullName: 'Twin', phoneNumber: '+254700000001' })).json.error).toMatchObject({ code: 'phone_taken', field: 'phoneNumber' });

    const changed = await world().admin('PATCH', `/v1/workers/${worker.id}`, { attributes: { site: 'Mombasa' }, language: null });
    expect(changed.json).toMatchObject({ attributes: { site: 'Mombasa' }, language: null, phoneNumber: '+254700000001' });
    expect((await world().call(world().a.keys.coach, 'GET', `/v1/workers/${worker.id}`)).status).toBe(200);
    expect((await world().admin('DELETE', `/v1/workers/${worker.id}`)).status).toBe(204);
    expect((await world().admin('GET', `/v1/workers/${worker.id}`)).status).toBe(404);
  });

  it('names the field of an invalid worker', async () => {
    const bad = await world().admin('POST', '/v1/workers', { fullName: 'X', phoneNumber: '0700 000', timezone: 'Mars/Base' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid_json', field: 'phoneNumber' });
    expect(String((bad.json.error as { message: string }).message)).toContain('E.164');
  });

  it('refuses a language code longer than the column keeps, naming the field', async () => {
    const language = 'en-abcdefgh-abcdefgh-abcdefgh';
    const created = await world().admin('POST', '/v1/workers', { fullName: 'X', phoneNumber: '+254700000042', language });
    expect(created.status).toBe(400);
    expect(created.json.error).toMatchObject({ code: 'invalid_json', field: 'language' });
    const worker = (await world().admin('POST', '/v1/workers', { fullName: 'Y', phoneNumber: '+254700000043' })).json as unknown as WorkerJson;
    const changed = await world().admin('PATCH', `/v1/workers/${worker.id}`, { language });
    expect(changed.status).toBe(400);
    expect(changed.json.error).toMatchObject({ code: 'invalid_json', field: 'language' });
  });

  it('refuses a timezone the runtime knows but PostgreSQL does not, which would set aside every message of the worker', async () => {
    for (const timezone of ['CAT', 'SystemV/AST4', 'US/Pacific-New']) {
      const bad = await world().admin('POST', '/v1/workers', { fullName: 'X', phoneNumber: '+254700000041', timezone });
      expect(bad.status).toBe(400);
      expect(bad.json.error).toMatchObject({ code: 'invalid_json', field: 'timezone' });
    }
  });

  it('refuses an abbreviation PostgreSQL reads as a fixed offset where the runtime reads a zone, suggesting an IANA name; keeps UTC', async () => {
    for (const timezone of ['PST', 'EST', 'MST', 'HST', 'CET', 'WET', 'IST']) {
      for (const [method, path] of [['POST', '/v1/workers'], ['PATCH', '/v1/organization/settings']] as const) {
        const bad = await world().admin(method, path, method === 'POST' ? { fullName: 'X', phoneNumber: '+254700000044', timezone } : { timezone });
        expect(bad.status).toBe(400);
        expect(bad.json.error).toMatchObject({ field: 'timezone', message: expect.stringContaining('America/Los_Angeles') });
      }
    }
    for (const [i, timezone] of ['UTC', 'utc', 'america/los_angeles'].entries()) {
      expect((await world().admin('POST', '/v1/workers', { fullName: 'Y', phoneNumber: `+25470000005${i}`, timezone })).status).toBe(201);
    }
  });

  it('takes only names PostgreSQL knows as the zone the runtime means: a zone name of pg_timezone_names, never an abbreviation (read first) unless it means UTC', async () => {
    const legacyIds = ['ACT', 'AET', 'AGT', 'ART', 'AST', 'BET', 'BST', 'CAT', 'CNT', 'CST', 'CTT', 'EAT', 'ECT', 'IET', 'IST', 'JST', 'MIT', 'NET', 'NST', 'PLT', 'PNT', 'PRT', 'PST', 'SST', 'VST'];
    const abbreviations = ['EST', 'MST', 'HST', 'CET', 'EET', 'MET', 'WET', 'GMT', 'UCT', 'Zulu'];
    const systemV = ['AST4', 'AST4ADT', 'CST6', 'CST6CDT', 'EST5', 'EST5EDT', 'HST10', 'MST7', 'MST7MDT', 'PST8', 'PST8PDT', 'YST9', 'YST9YDT'].map((zone) => `SystemV/${zone}`);
    const names = [...Intl.supportedValuesOf('timeZone'), ...legacyIds, ...abbreviations, ...systemV, 'US/Pacific-New', 'Canada/East-Saskatchewan', 'Asia/Calcutta', 'UTC', 'utc', 'GMT0', 'EST5EDT', 'Japan'];
    const accepted = names.filter(isKnownTimezone);
    expect(accepted).toEqual(expect.arrayContaining(['UTC', 'utc', 'America/Los_Angeles', 'Africa/Nairobi']));
    const meansUtc = (zone: string) => new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone === 'UTC';
    const misread = await world().engine.orm.em.getConnection().execute<{ zone: string }[]>(
      `select zone from jsonb_array_elements_text(?::jsonb) zone
        where not exists (select 1 from pg_timezone_names where lower(name) = lower(zone))
           or exists (select 1 from pg_timezone_abbrevs where lower(abbrev) = lower(zone) and (utc_offset <> interval '0' or zone not in (select jsonb_array_elements_text(?::jsonb))))`,
      [JSON.stringify(accepted), JSON.stringify(accepted.filter(meansUtc))],
    );
    expect(misread).toEqual([]);
  });

  it('refuses __proto__ as an attribute name (zod would drop it unseen), and keeps constructor and prototype', async () => {
    const json = { 'content-type': 'application/json' };
    const created = await world().admin('POST', '/v1/workers', '{"fullName": "Proto", "phoneNumber": "+254700000031", "attributes": {"__proto__": "x"}}', json);
    expect(created.status).toBe(400);
    expect(created.json.error).toMatchObject({ code: 'invalid_json', field: 'attributes.__proto__', message: expect.stringContaining('reserved name') });
    const kept = await world().admin('POST', '/v1/workers', { fullName: 'Kept', phoneNumber: '+254700000032', attributes: { constructor: 'a', prototype: 'b' } });
    expect(kept.status).toBe(201);
    expect((await world().admin('GET', `/v1/workers/${String(kept.json.id)}`)).json.attributes).toEqual({ constructor: 'a', prototype: 'b' });
    const changed = await world().admin('PATCH', `/v1/workers/${String(kept.json.id)}`, '{"attributes": {"__proto__": {"polluted": true}}}', json);
    expect(changed.json.error).toMatchObject({ field: 'attributes.__proto__' });
  });

  it('names an unknown (misspelt) key of any JSON body as the field, instead of dropping it and answering 200', async () => {
    const segment = await world().admin('POST', '/v1/segments', { name: 'Day shift', rule: null });
    const misspelt = await world().admin('PATCH', `/v1/segments/${String(segment.json.id)}`, { nmae: 'Night shift' });
    expect(misspelt.status).toBe(400);
    expect(misspelt.json.error).toEqual({ code: 'invalid_json', field: 'nmae', message: 'nmae: is not a field here (misspelt, or of another route)' });
    expect((await world().admin('GET', `/v1/segments/${String(segment.json.id)}`)).json.name).toBe('Day shift');
    const extra = await world().admin('POST', '/v1/workers', { fullName: 'Amina', phoneNumber: '+254700000009', site: 'Nairobi' });
    expect(extra.json.error).toMatchObject({ field: 'site' });
  });

  it('shows an opt-out, and only the worker can undo it', async () => {
    const worker = (await world().admin('POST', '/v1/workers', { fullName: 'Opted', phoneNumber: '+15550009999' })).json as unknown as WorkerJson;
    await world().sql(`update workers set status = 'opted_out', opted_out_at = now() where organization_id = :organization_id and id = :id`, { id: worker.id });
    const read = (await world().admin('GET', `/v1/workers/${worker.id}`)).json as unknown as WorkerJson;
    expect(read.status).toBe('opted_out');
    expect(read.optedOutAt).not.toBeNull();
    const back = await world().admin('PATCH', `/v1/workers/${worker.id}`, { status: 'active' });
    expect(back.status).toBe(409);
    expect(back.json.error).toMatchObject({ code: 'opted_out', field: 'status' });
    expect((await world().admin('PATCH', `/v1/workers/${worker.id}`, { status: 'left' })).json).toMatchObject({ status: 'left' });
  });

  it('lists with filters and a cursor, page by page, each worker once', async () => {
    for (let i = 0; i < 25; i++) {
      await world().admin('POST', '/v1/workers', { fullName: `Paged ${i}`, phoneNumber: `+1666000${String(i).padStart(4, '0')}`, language: i % 2 ? 'es' : 'en' });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await world().admin('GET', `/v1/workers?language=es&search=%2B1666&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      const body = page.json as unknown as { workers: WorkerJson[]; nextCursor: string | null };
      seen.push(...body.workers.map((w) => w.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    expect((await world().admin('GET', '/v1/workers?limit=0')).json.error).toMatchObject({ field: 'limit' });
    for (const query of ['limit=5&limit=6', 'status=active&status=left']) {
      const twice = await world().admin('GET', `/v1/workers?${query}`);
      expect(twice.status).toBe(400);
      expect(twice.json.error).toMatchObject({ code: 'invalid_query', message: expect.stringMatching(/^\w+: given 2 times: send it once$/) });
    }
  });
});
