import { randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { createApiKey } from '../../src/api/apiKeys/manageApiKeys';
import { apiRoutes } from '../../src/api/apiRoutes';
import type { ApiDependencies } from '../../src/api/apiTypes';
import { createSecretBox } from '../../src/secrets/secretBox';
import { Channel } from '../../src/db/entities/Channel';
import { userRoles, type UserRole } from '../../src/db/entities/User';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import type { EngineDependencies } from '../../src/engine/engineDependencies';
import { createLogger } from '../../src/logging/createLogger';
import { createOrganization } from './factories';
import { ManualClock } from './manualClock';
import type { TestDatabase } from './testDatabase';

export interface ApiOrganization {
  id: string;
  channelId: string;
  /** One API key per role. */
  keys: Record<UserRole, string>;
}

/** Two organizations with a console channel and an API key per role, and the management API in process. */
export async function createApiWorld(db: TestDatabase, options: Pick<ApiDependencies, 'runInBackground' | 'enrollConcurrency' | 'mediaDir' | 'sendEmail' | 'outboundPolicy'> = {}) {
  const clock = new ManualClock();
  const engine: EngineDependencies = { orm: db.orm, hot: db.hot, clock, logger: createLogger('silent') };
  const app = new Hono();
  app.onError((error, c) => {
    console.error(error);
    return c.json({ error: { code: 'internal_error', message: String(error) } }, 500);
  });
  app.route('/', apiRoutes({ engine, publicUrl: 'https://coach.example.test', secretBox: createSecretBox(randomBytes(32).toString('hex')), ...options }));

  async function addOrganization(): Promise<ApiOrganization> {
    const organization = await createOrganization(asSystem(db.orm.em, 'test setup'));
    const em = forOrganization(db.orm.em, organization.id);
    const channel = em.create(Channel, { id: randomUUID(), organization: organization.id, kind: 'console', name: 'Console', address: `console:${organization.id}`, settings: {}, secretsCiphertext: null });
    await em.flush();
    const keys = {} as Record<UserRole, string>;
    for (const role of userRoles) keys[role] = (await createApiKey(em, { name: role, role })).key;
    return { id: organization.id, channelId: channel.id, keys };
  }
  const a = await addOrganization();
  const b = await addOrganization();

  /** A request to the API with a key, JSON body and extra headers. */
  async function call(key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await app.request(`http://localhost${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, json: json as Record<string, never> & Record<string, unknown>, text, headers: response.headers };
  }

  return {
    clock,
    engine,
    app,
    a,
    b,
    /** Another organization like a and b (a client with a console channel and a key per role). */
    addOrganization,
    call,
    /** org admin of organization a. */
    admin: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(a.keys.org_admin, method, path, body, headers),
    em: (organizationId: string = a.id) => forOrganization(db.orm.em, organizationId),
    async sql<Row extends object>(query: string, params: Record<string, string | number | null> = {}, organizationId: string = a.id) {
      return scopedSql<Row>(forOrganization(db.orm.em, organizationId), query, params);
    },
  };
}

export type ApiWorld = Awaited<ReturnType<typeof createApiWorld>>;
