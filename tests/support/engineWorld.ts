import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { storeBlueprintVersion } from '../../src/blueprintStore/storeBlueprintVersion';
import { validateFlowFile } from '../../src/blueprints/validateFlow';
import type { InboundMessage } from '../../src/channels/channelTypes';
import { Channel, type ChannelKindColumn } from '../../src/db/entities/Channel';
import { Program } from '../../src/db/entities/Program';
import { ProgramBlueprint } from '../../src/db/entities/ProgramBlueprint';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import type { EngineDependencies } from '../../src/engine/engineDependencies';
import { enrollWorker } from '../../src/engine/enrollWorker';
import { fireDueTimers } from '../../src/engine/fireDueTimers';
import { handleInbound } from '../../src/engine/handleInbound';
import { createLogger } from '../../src/logging/createLogger';
import { createOrganization, createWorker } from './factories';
import { ManualClock } from './manualClock';
import type { TestDatabase } from './testDatabase';

export interface LoggedMessage {
  direction: 'inbound' | 'outbound';
  body: string | null;
  status: string;
  touchpoint_key: string | null;
  payload: Record<string, unknown>;
  priority: number;
}

/** An organization with a channel, a program playing one example flow, and helpers to play it. */
export interface EngineWorldOptions {
  flow: string;
  channelKind?: ChannelKindColumn;
  channelAddress?: string;
  channelSettings?: Record<string, string | number | boolean | null>;
  /** Already sealed with the test's secret box. */
  secretsCiphertext?: (channelId: string) => string;
}

export async function createEngineWorld(db: TestDatabase, options: EngineWorldOptions) {
  const clock = new ManualClock();
  const deps: EngineDependencies = { orm: db.orm, hot: db.hot, clock, logger: createLogger('silent') };
  const organization = await createOrganization(asSystem(db.orm.em, 'test setup'));
  const em = (): EntityManager => forOrganization(db.orm.em, organization.id);

  const setup = em();
  const channelId = randomUUID();
  const channel = setup.create(Channel, {
    id: channelId,
    organization: organization.id,
    kind: options.channelKind ?? 'console',
    name: 'Test channel',
    address: options.channelAddress ?? `console:${organization.id}`,
    settings: options.channelSettings ?? {},
    secretsCiphertext: options.secretsCiphertext?.(channelId) ?? null,
  });
  const flow = validateFlowFile(join('flows', `${options.flow}.yaml`));
  if (!flow.doc) throw new Error(`flows/${options.flow}.yaml does not validate`);
  const blueprint = await storeBlueprintVersion(em(), flow.doc, { publish: true });
  const program = setup.create(Program, { id: randomUUID(), organization: organization.id, name: `Program ${options.flow}` });
  setup.create(ProgramBlueprint, { organization: organization.id, program: program.id, journeyBlueprint: blueprint.id, orderInProgram: 1 });
  await setup.flush();

  return {
    clock,
    deps,
    organization,
    channel,
    program,
    blueprint,
    em,
    async addWorker(fields: { fullName?: string; phoneNumber?: string } = {}) {
      return createWorker(asSystem(db.orm.em, 'test setup'), organization.id, fields);
    },
    async enroll(workerId: string) {
      return em().transactional((tx) => enrollWorker(tx, workerId, program.id, channel.id, clock.now()));
    },
    /** A worker's message through the real pipeline, as a channel would hand it over. */
    async say(phoneNumber: string, text: string, extra: Partial<InboundMessage> = {}) {
      return handleInbound(deps, { id: channel.id, organizationId: organization.id }, {
        providerMessageId: `test-${randomUUID()}`,
        from: phoneNumber,
        at: clock.now(),
        text,
        ...extra,
      });
    },
    /** Fires due timers; returns how many fired. */
    async tick() {
      return (await fireDueTimers(deps)).fired;
    },
    async log(workerId: string): Promise<LoggedMessage[]> {
      return scopedSql<LoggedMessage>(
        em(),
        `select direction, body, status, touchpoint_key, payload, priority from messages
          where organization_id = :organization_id and worker_id = :worker order by seq`,
        { worker: workerId },
      );
    },
    async sql<Row extends object>(query: string, params: Record<string, string | number | null> = {}) {
      return scopedSql<Row>(em(), query, params);
    },
  };
}

export type EngineWorld = Awaited<ReturnType<typeof createEngineWorld>>;
