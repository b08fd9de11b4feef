import type { EntityManager } from '@mikro-orm/postgresql';
import { isDatabaseUnavailable } from '../db/isDatabaseUnavailable';
import { scopedSql } from '../db/tenancy/scopedSql';
import { systemClock, type Clock } from '../time/clock';
import type { BaileysChannels } from './baileys/startBaileysChannels';
import type { ChannelAdapter, ChannelKind, ChannelRequest, OutboundMessage } from './channelTypes';
import { answerCloudApiHandshake, type HandshakeResult } from './cloudApi/answerCloudApiHandshake';
import { createChannelAdapter } from './createChannelAdapter';
import type { RegisteredTemplate } from './pickRegisteredTemplate';
import { openRetiredSecrets } from './retiredSecrets';
import type { SecretBox } from '../secrets/secretBox';
import { verifyWithGrace, type GraceVerifyResult, type RetiredVerifier } from './verifyWithGrace';

/** A channel row with its adapter, ready to verify, parse and send. */
export interface LoadedChannel {
  id: string;
  organizationId: string;
  kind: ChannelKind;
  address: string;
  settings: Record<string, unknown>;
  /** Cloud API: a connection check confirmed the number is this channel's (`claimPhoneNumberId`); it alone then receives the number's webhooks. */
  numberConfirmed: boolean;
  adapter: ChannelAdapter;
  /**
   * Checks a webhook's signature: with the current secret, else with a rotated-out one still in
   * its grace period (the answer then names it). Use this, not `adapter.verify`, for webhooks.
   */
  verify(request: ChannelRequest): GraceVerifyResult;
  /** Meta's webhook verification GET, checked against the channel's verify token (Cloud API). */
  answerHandshake(query: URLSearchParams): HandshakeResult;
}

export interface ChannelRegistryOptions {
  secretBox: SecretBox;
  /** PUBLIC_URL, for Twilio status callback URLs. */
  publicUrl?: string;
  /** Provider origins, overridden to point at local fakes in tests and benchmarks. */
  twilioBaseUrl?: string;
  graphBaseUrl?: string;
  /** Receives what console channels "send" (the simulator streams it). */
  consoleSink: (channelId: string, message: OutboundMessage, providerMessageId: string) => void | Promise<void>;
  /** Sends and inbound media of Baileys channels (`startBaileysChannels`); without it Baileys rows are misconfigured. */
  baileys?: Pick<BaileysChannels, 'send' | 'downloadMedia'>;
  /** How long a rotated-out webhook signing secret is still accepted, milliseconds (SECRET_GRACE_SECONDS). Default 24 hours. */
  secretGraceMs?: number;
  /** The clock the grace period is measured with. Default the system clock. */
  clock?: Clock;
  /** A channel's approved templates for its adapter, read on a rebuild (`loadRegisteredTemplates` of src/templates). */
  loadTemplates: (systemEm: EntityManager, channel: { id: string; kind: ChannelKind }) => Promise<RegisteredTemplate[]>;
  /** Most addresses whose channels (or none) are remembered while changes are heard. Default 10000. */
  maxRememberedAddresses?: number;
}

interface ChannelRow {
  id: string;
  organization_id: string;
  kind: ChannelKind;
  address: string;
  settings: Record<string, unknown>;
  secrets_ciphertext: string | null;
  retired_secrets_ciphertext: string | null;
  number_confirmed_at: Date | null;
  updated_at: Date;
}

export class ChannelConfigurationError extends Error {}

/**
 * A system-scoped EntityManager, or a way to fork one: forking costs CPU, and most lookups
 * answer from memory, so hot callers (webhooks, sends) pass the function.
 */
export type RegistryScope = EntityManager | (() => EntityManager);
const openScope = (scope: RegistryScope): EntityManager => (typeof scope === 'function' ? scope() : scope);

function bindBaileys(baileys: Pick<BaileysChannels, 'send' | 'downloadMedia'>, channelId: string) {
  return {
    send: (message: OutboundMessage) => baileys.send(channelId, message),
    downloadMedia: (providerRef: string) => baileys.downloadMedia(channelId, providerRef),
  };
}

/**
 * Loads channels by id (any organization: webhook URLs name the channel) and keeps their
 * adapters until the row changes (a template change touches it too). Secrets are opened here and
 * live only inside the adapter; Twilio and Cloud API adapters get their channel's approved templates.
 */
export function createChannelRegistry(options: ChannelRegistryOptions) {
  const cache = new Map<string, { updatedAt: number; channel: LoadedChannel }>();
  // The active channels serving a `${kind} ${address}` (none included), kept only while heard.
  const byAddress = new Map<string, LoadedChannel[]>();
  // While every change to `channels` is heard (a LISTEN on channel_changed is in place, inserts
  // included), a cached channel is current.
  let heard = false;
  // Counts changes heard, so a load that read the rows before one does not keep what it read.
  let changesHeard = 0;
  const addressKey = (kind: ChannelKind, address: string) => `${kind} ${address}`;
  const clock = options.clock ?? systemClock;
  const graceMs = options.secretGraceMs ?? 86_400_000;
  const maxRememberedAddresses = options.maxRememberedAddresses ?? 10_000;

  function build(row: ChannelRow, registeredTemplates: RegisteredTemplate[]): LoadedChannel {
    const secrets = row.secrets_ciphertext ? options.secretBox.open(row.secrets_ciphertext, row.id) : {};
    const adapterWith = (given: Record<string, unknown>) => {
      const built = createChannelAdapter({
        kind: row.kind,
        settings: row.settings,
        secrets: given,
        registeredTemplates,
        statusCallbackUrl: options.publicUrl ? `${options.publicUrl}/webhooks/twilio/${row.id}/status` : undefined,
        twilioBaseUrl: options.twilioBaseUrl,
        graphBaseUrl: options.graphBaseUrl,
        consoleSink: (message, providerMessageId) => options.consoleSink(row.id, message, providerMessageId),
        ...(options.baileys ? { baileys: bindBaileys(options.baileys, row.id) } : {}),
      });
      if (!built.ok) throw new ChannelConfigurationError(`Channel ${row.id} is misconfigured: ${built.error.message}`);
      return built.adapter;
    };
    const adapter = adapterWith(secrets);
    const retired: RetiredVerifier[] = openRetiredSecrets(options.secretBox, row.retired_secrets_ciphertext, row.id).map((old) => ({
      name: old.name,
      replacedAt: old.replacedAt,
      verify: adapterWith({ ...secrets, [old.name]: old.value }).verify,
    }));
    const verifyToken = typeof secrets.verifyToken === 'string' ? secrets.verifyToken : '';
    return {
      id: row.id,
      organizationId: row.organization_id,
      kind: row.kind,
      address: row.address,
      settings: row.settings,
      numberConfirmed: row.number_confirmed_at !== null,
      adapter,
      verify: (request) => verifyWithGrace(adapter.verify, retired, request, clock.now(), graceMs),
      answerHandshake: (query) => answerCloudApiHandshake(query, verifyToken),
    };
  }

  async function load(scope: RegistryScope, where: string, params: Record<string, string>): Promise<LoadedChannel[]> {
    const em = openScope(scope);
    const rows = await scopedSql<ChannelRow>(
      em,
      `select id, organization_id, kind, address, settings, secrets_ciphertext, retired_secrets_ciphertext, number_confirmed_at, updated_at from channels
        where status = 'active' and not exists (select 1 from organizations o where o.id = channels.organization_id and o.suspended_at is not null) and ${where}`,
      params,
    );
    const channels: LoadedChannel[] = [];
    for (const row of rows) {
      const cached = cache.get(row.id);
      if (cached && cached.updatedAt === new Date(row.updated_at).getTime()) {
        channels.push(cached.channel);
        continue;
      }
      // A template change touches the row's updated_at: templates are read on a rebuild only, never per send.
      const channel = build(row, await options.loadTemplates(em, row));
      cache.set(row.id, { updatedAt: new Date(row.updated_at).getTime(), channel });
      channels.push(channel);
    }
    return channels;
  }

  /**
   * While the database is unreachable, webhooks still need their channel to verify and spool:
   * the channels this process already knows are used as they were.
   */
  async function loadOrRemember(scope: RegistryScope, where: string, params: Record<string, string>, remembered: () => LoadedChannel[]) {
    try {
      return await load(scope, where, params);
    } catch (error) {
      const known = remembered();
      if (!isDatabaseUnavailable(error) || known.length === 0) throw error;
      return known;
    }
  }
  const cachedChannels = () => [...cache.values()].map((entry) => entry.channel);

  return {
    /** The active channel with this id, in a system scope (webhook routing). */
    async byId(scope: RegistryScope, channelId: string): Promise<LoadedChannel | undefined> {
      // The shape PostgreSQL reads as a uuid: 36 characters of hex and dashes elsewhere would fail the cast (500).
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(channelId)) return undefined;
      const known = heard ? cache.get(channelId) : undefined;
      if (known) return known.channel;
      return (await loadOrRemember(scope, 'id = :id', { id: channelId }, () => cachedChannels().filter((c) => c.id === channelId)))[0];
    },
    /** An active channel as of `updatedAt` (its row was just read): from memory when built from that version, else loaded. */
    async current(scope: RegistryScope, channelId: string, updatedAt: Date): Promise<LoadedChannel | undefined> {
      const cached = cache.get(channelId);
      if (cached && cached.updatedAt === new Date(updatedAt).getTime()) return cached.channel;
      return this.byId(scope, channelId);
    },
    /**
     * Handlers for a listener on `channel_changed` (a trigger on `channels` NOTIFYs the id of a
     * row updated or deleted, templates included): while it listens, `byId` answers from memory.
     */
    changes: {
      onNotify(channelId: string) {
        changesHeard++;
        cache.delete(channelId);
        byAddress.clear();
      },
      onListening() {
        // What changed while nobody listened is unknown: start from the rows again.
        changesHeard++;
        cache.clear();
        byAddress.clear();
        heard = true;
      },
      onDeaf() {
        heard = false;
      },
    },
    /** Active channels of a kind serving these addresses (Cloud API phone number ids). */
    async byAddresses(scope: RegistryScope, kind: ChannelKind, addresses: string[]): Promise<LoadedChannel[]> {
      if (addresses.length === 0) return [];
      const known = heard ? addresses.map((address) => byAddress.get(addressKey(kind, address))) : [];
      if (known.length > 0 && known.every((channels) => channels !== undefined)) return [...new Set(known.flat())];
      const seen = changesHeard;
      const list = addresses.map((_, i) => `:a${i}`).join(', ');
      const loaded = await loadOrRemember(scope, `kind = :kind and address in (${list})`, { kind, ...Object.fromEntries(addresses.map((a, i) => [`a${i}`, a])) }, () =>
        cachedChannels().filter((c) => c.kind === kind && addresses.includes(c.address)),
      );
      if (heard && seen === changesHeard) {
        for (const address of addresses) {
          // A signed webhook may name any phone number ids, channels' or not: remembering every one
          // ever named would grow without bound, so past the cap all are forgotten and read again.
          if (byAddress.size >= maxRememberedAddresses) byAddress.clear();
          byAddress.set(addressKey(kind, address), loaded.filter((channel) => channel.address === address));
        }
      }
      return loaded;
    },
  };
}

export type ChannelRegistry = ReturnType<typeof createChannelRegistry>;
