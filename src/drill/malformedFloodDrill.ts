import type { MikroORM } from '@mikro-orm/postgresql';
import { postTwilioMessage } from '../bench/postTwilioMessage';
import type { BenchOrganization } from '../bench/setupBenchOrganization';
import { runConcurrently } from '../bench/latencySummary';
import { checkInboundEffects } from './checkInboundEffects';
import type { DrillVerdict } from './drillVerdict';

type BadRequest = { name: string; path: string; init: RequestInit };

function badRequests(bench: BenchOrganization): BadRequest[] {
  const path = `/webhooks/twilio/${bench.channelId}`;
  const form = new URLSearchParams({ MessageSid: 'SMbad', From: 'whatsapp:+18880000001', To: `whatsapp:${bench.businessNumber}`, Body: 'STOP', NumMedia: '0' }).toString();
  // Each bad request on its own connection: the server closes the socket after refusing an
  // oversized body, and a pooled socket shared with real traffic would be cut with it.
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded', connection: 'close' };
  return [
    { name: 'unsigned', path, init: { method: 'POST', headers: formHeaders, body: form } },
    { name: 'bad signature', path, init: { method: 'POST', headers: { ...formHeaders, 'x-twilio-signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }, body: form } },
    { name: 'huge body', path, init: { method: 'POST', headers: formHeaders, body: `Body=${'x'.repeat(2_000_000)}` } },
    { name: 'unknown channel', path: '/webhooks/twilio/00000000-0000-4000-8000-00000000beef', init: { method: 'POST', headers: formHeaders, body: form } },
    { name: 'not a channel id', path: '/webhooks/twilio/%27%20or%201=1', init: { method: 'POST', headers: formHeaders, body: form } },
    { name: 'broken JSON to Cloud API', path: '/webhooks/whatsapp/00000000-0000-4000-8000-00000000beef', init: { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' }, body: '{"entry": [' } },
  ];
}

/**
 * Real workers answer while a flood of unsigned, wrongly signed, oversized and misaddressed
 * requests hits the same server: every bad one is refused with a 4xx, every real one accepted
 * and applied once.
 */
export async function malformedFloodDrill(orm: MikroORM, bench: BenchOrganization, engineUrl: string, publicUrl: string, floodSize: number): Promise<DrillVerdict> {
  const started = performance.now();
  const bad = badRequests(bench);
  const refusedWith4xx = new Map<string, number>();
  let badAccepted = 0;
  const flood = runConcurrently(floodSize, 16, async (index) => {
    const request = bad[index % bad.length];
    const status = await fetch(`${engineUrl}${request.path}`, request.init).then(async (r) => (await r.arrayBuffer(), r.status), () => 0);
    if (status >= 400 && status < 500) refusedWith4xx.set(request.name, (refusedWith4xx.get(request.name) ?? 0) + 1);
    else badAccepted++;
  });
  let realAccepted = 0;
  const real = runConcurrently(bench.workers.length, 16, async (index) => {
    const worker = bench.workers[index];
    for (const [step, text] of ['1', '1', 'It went well'].entries()) {
      if ((await postTwilioMessage(engineUrl, publicUrl, bench, { phone: worker.phone, text, messageSid: `SMflood${worker.phone.slice(1)}${step}` })) === 200) realAccepted++;
    }
  });
  await Promise.all([flood, real]);
  const effects = await checkInboundEffects(orm, bench.organizationId);
  const expected = bench.workers.length * 3;
  return {
    drill: 'malformed and unsigned flood beside real traffic',
    checked: 'every bad request refused with a 4xx; real traffic accepted and applied once',
    counts: { bad: floodSize, badNot4xx: badAccepted, real: expected, realAccepted, received: effects.received, wrongTransitions: effects.workersWithWrongTransitions, ...Object.fromEntries(refusedWith4xx) },
    passed: badAccepted === 0 && realAccepted === expected && effects.received === expected && effects.workersWithWrongTransitions === 0,
    seconds: Math.round((performance.now() - started) / 1000),
  };
}
