import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoApiKey } from '../../src/api/apiKeys/createDemoApiKey';
import { createChannelRegistry } from '../../src/channels/channelRegistry';
import { loadRegisteredTemplates } from '../../src/templates/loadRegisteredTemplates';
import type { OutboundMessage } from '../../src/channels/channelTypes';
import { createSecretBox } from '../../src/secrets/secretBox';
import { startInboundIntake } from '../../src/inbound/startInboundIntake';
import { startInboundProcessor, type InboundProcessor } from '../../src/inbound/startInboundProcessor';
import { createApp } from '../../src/app/createApp';
import { startMediaFetcher } from '../../src/media/startMediaFetcher';
import type { WebhookDependencies } from '../../src/http/webhooks/webhookDependencies';
import { createEngineWorld, type EngineWorldOptions } from './engineWorld';
import type { TestDatabase } from './testDatabase';

export const TEST_PUBLIC_URL = 'https://coach.example.test';
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';
export const testSecretBox = createSecretBox('MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=');

/** An engine world served through the real Hono app, as providers and operators reach it. */
export async function createHttpWorld(
  db: TestDatabase,
  options: EngineWorldOptions & { secrets?: Record<string, string>; graphBaseUrl?: string; twilioBaseUrl?: string },
) {
  const world = await createEngineWorld(db, {
    ...options,
    secretsCiphertext: options.secrets ? (channelId) => testSecretBox.seal(options.secrets ?? {}, channelId) : undefined,
  });
  const consoleSent: { channelId: string; message: OutboundMessage }[] = [];
  const registry = createChannelRegistry({
    loadTemplates: loadRegisteredTemplates,
    secretBox: testSecretBox,
    publicUrl: TEST_PUBLIC_URL,
    graphBaseUrl: options.graphBaseUrl,
    twilioBaseUrl: options.twilioBaseUrl,
    consoleSink: (channelId, message) => {
      consoleSent.push({ channelId, message });
    },
  });
  const mediaDir = mkdtempSync(join(tmpdir(), 'coaching-media-'));
  const mediaFetcher = startMediaFetcher({ ...world.deps, registry, mediaDir, pollMs: 3_600_000, maxBytes: 1024 * 1024 });
  let processor: InboundProcessor | undefined;
  const intake = startInboundIntake({ deps: world.deps, dir: mkdtempSync(join(tmpdir(), 'coaching-spool-')), onQueued: () => processor?.wake() });
  processor = startInboundProcessor({
    deps: world.deps,
    setAside: intake.spool.setAside,
    afterStep: (message) => {
      if (message.media) void mediaFetcher.wake();
    },
  });
  const webhooks: WebhookDependencies = {
    engine: world.deps,
    registry,
    publicUrl: TEST_PUBLIC_URL,
    mediaDir,
    maxBodyBytes: 64 * 1024,
    spool: intake.spool,
    wakeDispatcher: () => undefined,
  };
  const app = createApp({
    database: db,
    logger: world.deps.logger,
    engine: { webhooks, adminToken: TEST_ADMIN_TOKEN },
    api: { engine: world.deps, publicUrl: TEST_PUBLIC_URL, mediaDir: webhooks.mediaDir },
  });
  /** An org_admin API key of the world's organization. */
  const apiKey = await createDemoApiKey(db.orm.em, world.organization.id);
  /** Requests go to the app in process, at the public URL's path. */
  const request = (path: string, init: RequestInit = {}) => app.request(`http://localhost${path}`, init);
  /** Resolves once every message the webhooks queued has run its step (a webhook answers before it runs). */
  const processed = () => processor.drain();
  return { ...world, app, request, processed, webhooks, consoleSent, apiKey, mediaFetcher, intake, processor };
}

export type HttpWorld = Awaited<ReturnType<typeof createHttpWorld>>;
