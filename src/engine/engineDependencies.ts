import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { ReadReplica } from '../db/openReadReplica';
import type { HotPath } from '../hotPath/openHotPath';
import type { Clock } from '../time/clock';

/** What the engine's functions need from the outside world. */
export interface EngineDependencies {
  orm: MikroORM;
  /** The inbound step's common path runs here, on prepared statements (`src/hotPath`); without it every step takes the ORM path. */
  hot?: HotPath;
  clock: Clock;
  logger: Logger;
  /** The read replica (DATABASE_REPLICA_URL) for reads that may lag: console lists and charts, exports, analytics. Unset: they read the primary. */
  reads?: ReadReplica;
  /**
   * Call after a commit that queued outbound messages (`createOutboxNotifier`): wakes the
   * dispatcher here and NOTIFYs other instances, throttled. Unset in tests that dispatch by hand.
   */
  notifyOutboxChanged?: () => void;
}
