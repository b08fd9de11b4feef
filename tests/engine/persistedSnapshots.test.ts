import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadBlueprintMachine } from '../../src/engine/loadBlueprintMachine';
import { SNAPSHOT_FORMAT } from '../../src/engine/snapshotFormat';
import { createInboundSpool, deadLetterFile } from '../../src/inbound/createInboundSpool';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

async function enrolledWorker() {
  const worker = await world().addWorker();
  await world().enroll(worker.id);
  return worker;
}

async function storedConversation(workerId: string) {
  const [row] = await world().sql<{ id: string; snapshot: Record<string, unknown>; snapshot_format: number }>(
    `select id, snapshot, snapshot_format from conversations where organization_id = :organization_id and worker_id = :worker`,
    { worker: workerId },
  );
  return row;
}

async function storeSnapshot(conversationId: string, snapshot: unknown, format: number) {
  await world().sql(
    `update conversations set snapshot = :snapshot::jsonb, snapshot_format = :format where organization_id = :organization_id and id = :id`,
    { id: conversationId, snapshot: JSON.stringify(snapshot), format },
  );
}

const outbound = async (workerId: string) => (await world().log(workerId)).filter((m) => m.direction === 'outbound').map((m) => m.body);

describe('persisted snapshots', () => {
  it('upgrades a snapshot stored in format 1 (XState persisted snapshot), uses it, and writes it back in the current format', async () => {
    const old = await enrolledWorker();
    const current = await enrolledWorker();
    const conversation = await storedConversation(old.id);
    expect(conversation.snapshot_format).toBe(SNAPSHOT_FORMAT);
    // What an earlier version stored: XState's getPersistedSnapshot, as format 1.
    const blueprint = await loadBlueprintMachine(world().em(), world().blueprint.id);
    const formatOne = blueprint.machine.getPersistedSnapshot(blueprint.machine.resolveState(conversation.snapshot as never));
    expect(formatOne).toHaveProperty('children', {});
    await storeSnapshot(conversation.id, formatOne, 1);

    expect(await world().say(old.phoneNumber!, 'banana')).toMatchObject({ kind: 'advanced', conversationId: conversation.id });
    expect(await world().say(current.phoneNumber!, 'banana')).toMatchObject({ kind: 'advanced' });
    // Used as is: the same step as a worker whose snapshot was never old.
    expect(await outbound(old.id)).toEqual(await outbound(current.id));
    const upgraded = await storedConversation(old.id);
    expect(upgraded.snapshot_format).toBe(SNAPSHOT_FORMAT);
    expect(Object.keys(upgraded.snapshot).sort()).toEqual(['context', 'status', 'value']);
  });

  it("refuses a corrupt snapshot with its conversation id and what is wrong, as that message's own failure; others go on", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'corrupt-snapshot-'));
    try {
      const spool = createInboundSpool({ deps: world().deps, dir, maxAttempts: 1 });
      const channel = { id: world().channel.id, organizationId: world().organization.id };
      const broken = await enrolledWorker();
      const healthy = await enrolledWorker();
      const conversation = await storedConversation(broken.id);
      const corrupt = structuredClone(conversation.snapshot) as { context: Record<string, unknown> };
      corrupt.context.attempts = 'many';
      await storeSnapshot(conversation.id, corrupt, SNAPSHOT_FORMAT);
      const before = await world().log(broken.id);

      const say = (phoneNumber: string) => spool.receiveOrSpool(channel, { providerMessageId: randomUUID(), from: phoneNumber, at: world().clock.now(), text: 'banana' });
      const refused = await say(broken.phoneNumber!);
      expect(refused).toMatchObject({ kind: 'dead_lettered' });
      const reason = refused.kind === 'dead_lettered' ? refused.reason : '';
      expect(reason).toContain(`Conversation ${conversation.id}`);
      expect(reason).toMatch(/context\.attempts: .*number/);
      // Nothing of the step was kept: not even the message (it is in the dead-letter file).
      expect(await world().log(broken.id)).toEqual(before);
      expect((await storedConversation(broken.id)).snapshot).toEqual(corrupt);
      const dead = JSON.parse((await readFile(join(dir, deadLetterFile), 'utf8')).trim()) as { error: string };
      expect(dead.error).toBe(reason);

      expect(await say(healthy.phoneNumber!)).toMatchObject({ kind: 'processed', outcome: { kind: 'advanced' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
