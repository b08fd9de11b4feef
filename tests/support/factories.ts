import type { EntityManager } from '@mikro-orm/postgresql';
import { Channel } from '../../src/db/entities/Channel';
import { Organization } from '../../src/db/entities/Organization';
import { Worker } from '../../src/db/entities/Worker';

let counter = 0;

/** A client organization, created in the system scope. */
export async function createOrganization(em: EntityManager, name = `Org ${++counter}`) {
  const organization = em.create(Organization, { name, type: 'client', subscriptionTier: 'standard', settings: {} });
  await em.flush();
  return organization;
}

/** A worker with a unique E.164 phone number. */
export async function createWorker(em: EntityManager, organizationId: string, fields: Partial<{ fullName: string; phoneNumber: string }> = {}) {
  counter++;
  const worker = em.create(Worker, {
    organization: organizationId,
    fullName: fields.fullName ?? `Worker ${counter}`,
    phoneNumber: fields.phoneNumber ?? `+1555${String(1_000_000 + counter).slice(-7)}`,
    attributes: {},
  });
  await em.flush();
  return worker;
}

/** A console channel of the organization (no provider, no secrets); `status: 'deleted'` for a deleted one. */
export async function createConsoleChannel(em: EntityManager, organizationId: string, fields: { name: string; status?: 'active' | 'deleted' }) {
  counter++;
  const channel = em.create(Channel, {
    organization: organizationId,
    kind: 'console',
    name: fields.name,
    address: `console:${organizationId}:${counter}`,
    settings: {},
    secretsCiphertext: null,
    status: fields.status ?? 'active',
  });
  await em.flush();
  return channel;
}

/** Two organizations, A with one worker: the set-up of a tenancy test (can B reach A's worker?). */
export async function createTwoTenants(em: EntityManager) {
  const orgA = (await createOrganization(em, 'A')).id;
  const orgB = (await createOrganization(em, 'B')).id;
  const workerOfA = (await createWorker(em, orgA)).id;
  return { orgA, orgB, workerOfA };
}
