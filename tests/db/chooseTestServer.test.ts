import { describe, expect, it } from 'vitest';
import { chooseTestServer, DEFAULT_TEST_SERVER_URL, type ProbeResult } from '../support/chooseTestServer';

/** A probe that answers `result` and records which URLs it was asked about. */
function probeAnswering(result: ProbeResult) {
  const asked: string[] = [];
  return { asked, probe: async (url: string) => (asked.push(url), result) };
}

const refused: ProbeResult = { ok: false, reason: 'connect ECONNREFUSED 127.0.0.1:5432' };

describe('the test run picks its PostgreSQL server', () => {
  it('uses TEST_DATABASE_URL when set, without probing the default', async () => {
    const { asked, probe } = probeAnswering(refused);
    const url = 'postgres://tester:secret@db.example.test:6543/postgres';
    expect(await chooseTestServer({ TEST_DATABASE_URL: url }, probe)).toEqual({ server: 'url', url, why: 'TEST_DATABASE_URL' });
    expect(asked).toEqual([]);
  });

  it('uses the server on 127.0.0.1:5432 when it answers', async () => {
    const { asked, probe } = probeAnswering({ ok: true });
    expect(await chooseTestServer({}, probe)).toMatchObject({ server: 'url', url: DEFAULT_TEST_SERVER_URL });
    expect(asked).toEqual([DEFAULT_TEST_SERVER_URL]);
  });

  it('starts an embedded server when nothing is configured and the default does not answer, saying why', async () => {
    for (const env of [{}, { TEST_DATABASE_URL: '' }, { TEST_DATABASE: '' }]) {
      const choice = await chooseTestServer(env, probeAnswering(refused).probe);
      expect(choice).toEqual({ server: 'embedded', why: 'TEST_DATABASE_URL is unset and 127.0.0.1:5432 is not usable: connect ECONNREFUSED 127.0.0.1:5432' });
    }
  });

  it('starts an embedded server when TEST_DATABASE=embedded, even with a URL configured and the default answering', async () => {
    const { asked, probe } = probeAnswering({ ok: true });
    const choice = await chooseTestServer({ TEST_DATABASE: 'embedded', TEST_DATABASE_URL: DEFAULT_TEST_SERVER_URL }, probe);
    expect(choice).toEqual({ server: 'embedded', why: 'TEST_DATABASE=embedded' });
    expect(asked).toEqual([]);
  });

  it('refuses an unknown TEST_DATABASE value, naming the variable', async () => {
    await expect(chooseTestServer({ TEST_DATABASE: 'pglite' }, probeAnswering({ ok: true }).probe)).rejects.toThrow('TEST_DATABASE must be "embedded" or unset');
  });
});
