import type { EntityManager } from '@mikro-orm/postgresql';
import { Organization } from '../db/entities/Organization';
import { Segment } from '../db/entities/Segment';
import { User } from '../db/entities/User';
import { Worker } from '../db/entities/Worker';
import { WorkerSegment } from '../db/entities/WorkerSegment';
import { asSystem } from '../db/tenancy/scopes';

/** Fixed ids make seeding idempotent: a second start finds them and does nothing. */
export const demoIds = {
  clientOrganization: '00000000-0000-4000-8000-000000000001',
  expertOrganization: '00000000-0000-4000-8000-000000000002',
  admin: '00000000-0000-4000-8000-000000000010',
  nightShift: '00000000-0000-4000-8000-000000000020',
  consoleChannel: '00000000-0000-4000-8000-000000000030',
  onboardingProgram: '00000000-0000-4000-8000-000000000040',
};

const demoWorkers = [
  { id: '00000000-0000-4000-8000-000000000101', fullName: 'Amina Njeri', phoneNumber: '+15550000101', language: 'en', nightShift: true },
  { id: '00000000-0000-4000-8000-000000000102', fullName: 'Carlos Ruiz', phoneNumber: '+15550000102', language: 'es', nightShift: true },
  { id: '00000000-0000-4000-8000-000000000103', fullName: 'Grace Otieno', phoneNumber: '+15550000103', language: 'en', nightShift: false },
  { id: '00000000-0000-4000-8000-000000000104', fullName: 'Lucía Gómez', phoneNumber: '+15550000104', language: 'es', nightShift: false },
  { id: '00000000-0000-4000-8000-000000000105', fullName: 'Peter Kamau', phoneNumber: '+15550000105', language: 'en', nightShift: true },
];

export interface DemoSummary {
  created: boolean;
  clientOrganizationId: string;
  adminEmail: string;
  workerPhones: string[];
}

/** Seeds a client and an expert organization, an admin, five workers and a segment, once. */
export async function seedDemo(rootEm: EntityManager): Promise<DemoSummary> {
  const em = asSystem(rootEm, 'demo seed');
  const summary = {
    clientOrganizationId: demoIds.clientOrganization,
    adminEmail: 'admin@acme.example',
    workerPhones: demoWorkers.map((worker) => worker.phoneNumber),
  };
  if (await em.findOne(Organization, { id: demoIds.clientOrganization })) return { created: false, ...summary };

  await em.transactional(async (tx) => {
    const settings = {
      timezone: 'Africa/Nairobi', defaultLanguage: 'en', quietHours: { start: '21:00', end: '07:00' },
      joinCode: 'JOIN ACME', selfEnrollment: true, selfEnrollmentProgramId: demoIds.onboardingProgram, defaultChannelId: demoIds.consoleChannel,
    };
    tx.create(Organization, { id: demoIds.clientOrganization, name: 'Acme Logistics', type: 'client', subscriptionTier: 'standard', settings });
    tx.create(Organization, { id: demoIds.expertOrganization, name: 'Wellbeing Experts', type: 'expert', subscriptionTier: 'premium', settings: {} });
    tx.create(User, { id: demoIds.admin, organization: demoIds.clientOrganization, email: summary.adminEmail, role: 'org_admin', displayName: 'Demo Admin', passwordHash: null });
    tx.create(Segment, { id: demoIds.nightShift, organization: demoIds.clientOrganization, name: 'Night shift', ruleDefinition: null });
    for (const { nightShift, ...worker } of demoWorkers) {
      tx.create(Worker, { ...worker, organization: demoIds.clientOrganization, timezone: 'Africa/Nairobi', attributes: { shift: nightShift ? 'night' : 'day' } });
      if (nightShift) tx.create(WorkerSegment, { worker: worker.id, segment: demoIds.nightShift, organization: demoIds.clientOrganization });
    }
  });
  return { created: true, ...summary };
}
