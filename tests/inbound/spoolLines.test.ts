import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundSpool, deadLetterFile } from '../../src/inbound/createInboundSpool';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spool-lines-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('spool lines read back', () => {
  it('dead-letters a line of another shape with the field that is wrong, never half-using it, and replays the lines behind it', async () => {
    const worker = await world().addWorker();
    await world().enroll(worker.id);
    const channel = { id: world().channel.id, organizationId: world().organization.id };
    const message = (id: string, text: string) => ({ providerMessageId: id, from: worker.phoneNumber!, at: world().clock.now(), text });
    // Left by a version that spooled another shape: no `spooledAt`, or a status without its status.
    const lines = [
      JSON.stringify({ kind: 'message', channel, message: message('old-1', 'banana') }),
      JSON.stringify({ kind: 'status', channel, status: { providerMessageId: 'SM1', at: world().clock.now() }, spooledAt: world().clock.now() }),
      JSON.stringify({ kind: 'message', channel, message: message('new-1', 'TEAM APP'), spooledAt: world().clock.now() }),
    ];
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'spool.jsonl'), lines.map((l) => `${l}\n`).join(''));
    const spool = createInboundSpool({ deps: world().deps, dir });
    expect(await spool.recover()).toBe(3);
    expect(await spool.replay()).toBe(3);

    expect((await world().log(worker.id)).filter((m) => m.direction === 'inbound').map((m) => m.body)).toEqual(['TEAM APP']);
    const dead = (await readFile(join(dir, deadLetterFile), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { line: string; error: string; attempts: number });
    expect(dead.map(({ line, attempts }) => ({ line, attempts }))).toEqual([{ line: lines[0], attempts: 1 }, { line: lines[1], attempts: 1 }]);
    expect(dead[0].error).toMatch(/^spool line does not parse: spooledAt: .*number/);
    expect(dead[1].error).toMatch(/^spool line does not parse: status\.status: /);
  });
});
