import { z } from 'zod';

/** Where CI and a developer machine usually run PostgreSQL (trust authentication for `postgres`). */
export const DEFAULT_TEST_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether a server answered, or why not (e.g. ECONNREFUSED). */
export type ProbeResult = { ok: true } | { ok: false; reason: string };

/** The server a test run uses: one given by URL, or an embedded one started for the run; `why` is printed once. */
export type TestServerChoice = { server: 'url'; url: string; why: string } | { server: 'embedded'; why: string };

const testEnvironment = z.object({
  // An empty value counts as unset (`TEST_DATABASE_URL= npm test`).
  TEST_DATABASE_URL: z.string().optional().transform((url) => url || undefined),
  TEST_DATABASE: z.enum(['', 'embedded'], { error: 'TEST_DATABASE must be "embedded" or unset' }).optional(),
});

function hostOf(url: string): string {
  return new URL(url).host;
}

/**
 * `TEST_DATABASE=embedded` forces an embedded server (CI checks the fresh-machine path with it);
 * else `TEST_DATABASE_URL` wins; else the default server if it answers; else an embedded one.
 */
export async function chooseTestServer(env: Record<string, string | undefined>, probe: (url: string) => Promise<ProbeResult>): Promise<TestServerChoice> {
  const parsed = testEnvironment.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join('; '));
  const { TEST_DATABASE: forced, TEST_DATABASE_URL: configured } = parsed.data;
  if (forced === 'embedded') return { server: 'embedded', why: 'TEST_DATABASE=embedded' };
  if (configured) return { server: 'url', url: configured, why: 'TEST_DATABASE_URL' };
  const answer = await probe(DEFAULT_TEST_SERVER_URL);
  if (answer.ok) return { server: 'url', url: DEFAULT_TEST_SERVER_URL, why: 'the default; TEST_DATABASE_URL selects another' };
  return { server: 'embedded', why: `TEST_DATABASE_URL is unset and ${hostOf(DEFAULT_TEST_SERVER_URL)} is not usable: ${answer.reason}` };
}
