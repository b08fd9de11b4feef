import type { MikroORM } from '@mikro-orm/postgresql';
import { postTwilioMessage } from '../bench/postTwilioMessage';
import type { BenchOrganization } from '../bench/setupBenchOrganization';
import { startEngineProcess } from '../bench/startEngineProcess';
import { startTcpProxy } from '../../tests/support/startTcpProxy';
import { waitForInboundEffects } from './checkInboundEffects';
import type { DrillVerdict } from './drillVerdict';

const script = ['1', '1', 'It went well'];

/**
 * The database goes away under load for longer than the providers' retry windows (a local TCP
 * proxy between the engine and PostgreSQL is cut for `outageMs`): verified webhooks are spooled
 * and answered 200, and when the database returns every message is processed once.
 */
export async function databaseOutageDrill(
  orm: MikroORM,
  bench: BenchOrganization,
  engineEnv: Record<string, string>,
  publicUrl: string,
  outageMs: number,
): Promise<DrillVerdict> {
  const started = performance.now();
  const database = new URL(engineEnv.DATABASE_URL);
  const proxy = await startTcpProxy(database.hostname, Number(database.port || 5432));
  database.host = `127.0.0.1:${proxy.port}`;
  const engine = await startEngineProcess({ ...engineEnv, DATABASE_URL: database.toString(), SPOOL_TIMEOUT_MS: '1000', DATABASE_POOL_SIZE: '4' });
  let answered200 = 0;
  let other = 0;
  try {
    const sendStep = async (step: number) => {
      await Promise.all(bench.workers.map(async (worker) => {
        const status = await postTwilioMessage(engine.url, publicUrl, bench, { phone: worker.phone, text: script[step], messageSid: `SMoutage${worker.phone.slice(1)}${step}` });
        if (status === 200) answered200++;
        else other++;
      }));
    };
    await sendStep(0);
    proxy.cut();
    const outageEnds = Date.now() + outageMs;
    await sendStep(1);
    await sendStep(2);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageEnds - Date.now())));
    proxy.restore();
    const expected = bench.workers.length * script.length;
    const effects = await waitForInboundEffects(orm, bench.organizationId, expected, 60_000);
    return {
      drill: `database unreachable for ${Math.round(outageMs / 1000)} s under load`,
      checked: 'webhooks answered 200 while the database was away (spooled), and every message processed once when it returned',
      counts: { sent: expected, answered200, notAnswered200: other, received: effects.received, stillQueued: effects.stillQueued, lost: expected - effects.received, wrongTransitions: effects.workersWithWrongTransitions },
      passed: answered200 === expected && effects.received === expected && effects.workersWithWrongTransitions === 0,
      seconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    proxy.restore();
    await engine.stop();
    await proxy.close();
  }
}
