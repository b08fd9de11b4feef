import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { createApiKey } from '../../src/api/apiKeys/manageApiKeys';
import { apiRoutes } from '../../src/api/apiRoutes';
import { createChannelRegistry } from '../../src/channels/channelRegistry';
import { loadRegisteredTemplates } from '../../src/templates/loadRegisteredTemplates';
import { createSecretBox } from '../../src/secrets/secretBox';
import { userRoles, type UserRole } from '../../src/db/entities/User';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { startInboundIntake } from '../../src/inbound/startInboundIntake';
import { startInboundProcessor, type InboundProcessor } from '../../src/inbound/startInboundProcessor';
import type { EngineDependencies } from '../../src/engine/engineDependencies';
import { cloudApiWebhookRoutes } from '../../src/http/webhooks/cloudApiWebhookRoutes';
import { twilioWebhookRoutes } from '../../src/http/webhooks/twilioWebhookRoutes';
import type { WebhookDependencies } from '../../src/http/webhooks/webhookDependencies';
import { createLogger } from '../../src/logging/createLogger';
import { createOrganization } from '../support/factories';
import { ManualClock } from '../support/manualClock';
import type { TestDatabase } from '../support/testDatabase';

/** Options of the channels test world. */
export interface ChannelsWorldOptions {
  /** Provider origins (the local fakes). */
  twilioBaseUrl?: string;
  graphBaseUrl?: string;
  /** SECRET_GRACE_SECONDS in milliseconds for the webhooks; default the registry's (24 hours). */
  secretGraceMs?: number;
}

/**
 * Two organizations with an API key per role and the management API in process, with a secret
 * box and every log line captured (to search for secrets); the Twilio and Cloud API webhooks are
 * served too, from a channel registry on the same clock.
 */
export async function createChannelsWorld(db: TestDatabase, options: ChannelsWorldOptions = {}) {
  const clock = new ManualClock();
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const engine: EngineDependencies = { orm: db.orm, hot: db.hot, clock, logger: createLogger('debug', sink) };
  const secretBox = createSecretBox(randomBytes(32).toString('base64'));
  const app = new Hono();
  app.route('/', apiRoutes({ engine, publicUrl: 'https://coach.example.test', secretBox, providerBaseUrls: { twilio: options.twilioBaseUrl, graph: options.graphBaseUrl } }));
  const registry = createChannelRegistry({ loadTemplates: loadRegisteredTemplates, secretBox, clock, secretGraceMs: options.secretGraceMs, publicUrl: 'https://coach.example.test', consoleSink: () => undefined });
  let processor: InboundProcessor | undefined;
  const intake = startInboundIntake({ deps: engine, dir: mkdtempSync(join(tmpdir(), 'channels-spool-')), onQueued: () => processor?.wake() });
  processor = startInboundProcessor({ deps: engine, setAside: intake.spool.setAside, afterStep: () => undefined });
  const webhooks: WebhookDependencies = {
    engine,
    registry,
    publicUrl: 'https://coach.example.test',
    mediaDir: mkdtempSync(join(tmpdir(), 'channels-media-')),
    maxBodyBytes: 64 * 1024,
    spool: intake.spool,
    wakeDispatcher: () => undefined,
  };
  app.route('/', twilioWebhookRoutes(webhooks));
  app.route('/', cloudApiWebhookRoutes(webhooks));

  async function addOrganization() {
    const organization = await createOrganization(asSystem(db.orm.em, 'test setup'));
    const em = forOrganization(db.orm.em, organization.id);
    const keys = {} as Record<UserRole, string>;
    for (const role of userRoles) keys[role] = (await createApiKey(em, { name: role, role })).key;
    return { id: organization.id, keys };
  }
  const a = await addOrganization();
  const b = await addOrganization();

  async function call(key: string, method: string, path: string, body?: unknown) {
    const response = await app.request(`http://localhost${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = (text ? JSON.parse(text) : undefined) as Record<string, never> & Record<string, unknown>;
    return { status: response.status, json, text };
  }

  return {
    clock,
    engine,
    app,
    a,
    b,
    secretBox,
    registry,
    logLines,
    call,
    /** Resolves once every message the webhooks queued has run its step. */
    processed: () => processor.drain(),
    /** Every answer text, to search for secrets. */
    admin: (method: string, path: string, body?: unknown) => call(a.keys.org_admin, method, path, body),
    async sql<Row extends object>(query: string, params: Record<string, string | number | null> = {}) {
      return scopedSql<Row>(forOrganization(db.orm.em, a.id), query, params);
    },
  };
}

export type ChannelsWorld = Awaited<ReturnType<typeof createChannelsWorld>>;

/** Valid Twilio and Cloud API inputs (secrets shaped like the real ones). */
export const twilioInput = {
  kind: 'twilio',
  name: 'Twilio line',
  settings: { accountSid: `AC${'1'.repeat(32)}`, from: '+15550001111' },
  secrets: { authToken: 'twilio-auth-token-SECRET-9f8e' },
};
export const cloudApiInput = {
  kind: 'cloud_api',
  name: 'Meta line',
  settings: { phoneNumberId: '106540352242922', appId: '123456789', wabaId: '102290129340398' },
  secrets: { accessToken: 'EAAG-access-token-SECRET-77aa', appSecret: 'meta-app-secret-SECRET-3c2b' },
};
