import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
} from '@whiskeysockets/baileys';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { forOrganization } from '../../db/tenancy/scopes';
import type { SecretBox } from '../../secrets/secretBox';
import { credsContext, keyContext } from './baileysSealContexts';
import { checkLeaseFence, type LeaseFence } from './checkLeaseFence';
import { serializeWrites } from './serializeWrites';

export interface DatabaseAuthStateOptions {
  orm: MikroORM;
  secretBox: SecretBox;
  channelId: string;
  organizationId: string;
  /** Epoch milliseconds, written as `updated_at`. */
  now: () => number;
  /** When set, every write first checks that this lease is still held (see checkLeaseFence). */
  fence?: LeaseFence;
}

export interface DatabaseAuthState {
  /** Give to `makeWASocket({ auth })`; key reads and writes go to `baileys_keys`. */
  state: AuthenticationState;
  /** Writes the current creds (call on every `creds.update`). */
  saveCreds(): Promise<void>;
  /** Deletes the creds and every key of the channel (after a logout): the next socket pairs anew. */
  clear(): Promise<void>;
  /** Resolves when every write started so far has finished. */
  flushed(): Promise<void>;
}

/** Rows per insert statement when Baileys writes many keys at once (pre-key uploads). */
const ROWS_PER_INSERT = 200;

const encode = (value: unknown) => ({ v: JSON.stringify(value, BufferJSON.replacer) });

/**
 * A Baileys auth state kept in PostgreSQL instead of files (modelled on `useMultiFileAuthState`):
 * creds in `baileys_auth`, Signal keys in `baileys_keys`, every value sealed with the secret box
 * and bound to its channel, type and id. Writes run in call order; a key update is one
 * transaction, so a crash never leaves half of a Signal session written.
 */
export async function loadDatabaseAuthState(options: DatabaseAuthStateOptions): Promise<DatabaseAuthState> {
  const { orm, secretBox, channelId } = options;
  const em = () => forOrganization(orm.em, options.organizationId);
  const run = serializeWrites();
  const fenced = async (tx: EntityManager) => {
    if (options.fence) await checkLeaseFence(tx, channelId, options.fence);
  };

  const open = (sealed: string, context: string): unknown => {
    const opened = secretBox.open(sealed, context);
    if (typeof opened.v !== 'string') throw new Error(`Baileys auth value ${context} is not sealed JSON text`);
    return JSON.parse(opened.v, BufferJSON.reviver);
  };

  const [row] = await scopedSql<{ creds_ciphertext: string }>(
    em(),
    'select creds_ciphertext from baileys_auth where organization_id = :organization_id and channel_id = :channel_id',
    { channel_id: channelId },
  );
  const creds: AuthenticationCreds = row ? (open(row.creds_ciphertext, credsContext(channelId)) as AuthenticationCreds) : initAuthCreds();

  async function getKeys<T extends keyof SignalDataTypeMap>(type: T, ids: string[]): Promise<{ [id: string]: SignalDataTypeMap[T] }> {
    const found: { [id: string]: SignalDataTypeMap[T] } = {};
    if (ids.length === 0) return found;
    const params = Object.fromEntries(ids.map((id, i) => [`k${i}`, id]));
    const rows = await scopedSql<{ key_id: string; value_ciphertext: string }>(
      em(),
      `select key_id, value_ciphertext from baileys_keys where organization_id = :organization_id and channel_id = :channel_id and type = :type and key_id in (${ids.map((_, i) => `:k${i}`).join(', ')})`,
      { channel_id: channelId, type, ...params },
    );
    for (const key of rows) {
      const value = open(key.value_ciphertext, keyContext(channelId, type, key.key_id));
      found[key.key_id] = (type === 'app-state-sync-key'
        ? proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>)
        : value) as SignalDataTypeMap[T];
    }
    return found;
  }

  async function setKeys(data: SignalDataSet): Promise<void> {
    const writes: Array<{ type: string; id: string; sealed: string }> = [];
    const deletes: Array<{ type: string; id: string }> = [];
    for (const [type, entries] of Object.entries(data)) {
      for (const [id, value] of Object.entries(entries ?? {})) {
        if (value === null || value === undefined) deletes.push({ type, id });
        else writes.push({ type, id, sealed: secretBox.seal(encode(value), keyContext(channelId, type, id)) });
      }
    }
    if (writes.length === 0 && deletes.length === 0) return;
    const updatedAt = new Date(options.now());
    await em().transactional(async (tx) => {
      await fenced(tx);
      for (let start = 0; start < writes.length; start += ROWS_PER_INSERT) {
        const chunk = writes.slice(start, start + ROWS_PER_INSERT);
        const params: Record<string, string | Date> = { channel_id: channelId, updated_at: updatedAt };
        const values = chunk.map((write, i) => {
          Object.assign(params, { [`t${i}`]: write.type, [`i${i}`]: write.id, [`s${i}`]: write.sealed });
          return `(:channel_id, :organization_id, :t${i}, :i${i}, :s${i}, :updated_at)`;
        });
        await scopedSql(
          tx,
          `insert into baileys_keys (channel_id, organization_id, type, key_id, value_ciphertext, updated_at) values ${values.join(', ')}
           on conflict (channel_id, type, key_id) do update set value_ciphertext = excluded.value_ciphertext, updated_at = excluded.updated_at`,
          params,
        );
      }
      for (const { type, id } of deletes) {
        await scopedSql(
          tx,
          'delete from baileys_keys where organization_id = :organization_id and channel_id = :channel_id and type = :type and key_id = :key_id',
          { channel_id: channelId, type, key_id: id },
        );
      }
    });
  }

  async function writeCreds(): Promise<void> {
    await em().transactional(async (tx) => {
      await fenced(tx);
      await scopedSql(
        tx,
        `insert into baileys_auth (channel_id, organization_id, creds_ciphertext, updated_at) values (:channel_id, :organization_id, :sealed, :updated_at)
         on conflict (channel_id) do update set creds_ciphertext = excluded.creds_ciphertext, updated_at = excluded.updated_at`,
        { channel_id: channelId, sealed: secretBox.seal(encode(creds), credsContext(channelId)), updated_at: new Date(options.now()) },
      );
    });
  }

  async function clearAll(): Promise<void> {
    await em().transactional(async (tx) => {
      await fenced(tx);
      await scopedSql(tx, 'delete from baileys_keys where organization_id = :organization_id and channel_id = :channel_id', { channel_id: channelId });
      await scopedSql(tx, 'delete from baileys_auth where organization_id = :organization_id and channel_id = :channel_id', { channel_id: channelId });
    });
  }

  return {
    state: {
      creds,
      keys: {
        // A read waits for writes already started, so it never sees a key older than one just set.
        get: async (type, ids) => {
          await run(async () => undefined);
          return getKeys(type, ids);
        },
        set: (data) => run(() => setKeys(data)),
        clear: () => run(clearAll),
      },
    },
    saveCreds: () => run(writeCreds),
    clear: () => run(clearAll),
    flushed: () => run(async () => undefined),
  };
}
