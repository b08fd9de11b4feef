import type { UserRole } from '../../db/entities/User';

/** Every action a route may require. A route names exactly one. */
export const apiActions = [
  'apiKeys:manage',
  'users:read',
  'users:manage',
  'organization:read',
  'organization:manage',
  'workers:read',
  'workers:write',
  'workers:privacy',
  'segments:read',
  'segments:write',
  'programs:read',
  'programs:write',
  'programs:enroll',
  'blueprints:read',
  'blueprints:write',
  'content:read',
  'broadcasts:read',
  'broadcasts:send',
  'conversations:read',
  'progress:read',
  'exports:read',
  'channels:read',
  'channels:manage',
  'experiments:read',
  'experiments:write',
  'integrations:read',
  'integrations:manage',
  'marketplace:read',
  'marketplace:publish',
  'marketplace:license',
  'marketplace:grant',
  'marketplace:usage',
  'inbox:read',
  'inbox:manage',
] as const;
export type ApiAction = (typeof apiActions)[number];

const everyAction: readonly ApiAction[] = apiActions;

/**
 * The one permission table: which role may do what. Every route consults it through
 * `requirePermission`; the README prints it. Coaches read conversation logs and progress;
 * content specialists write blueprints; program managers run programs and broadcasts;
 * training managers also manage workers and segments; coaches and training managers work the coach
 * inbox (program managers read it); org admins do everything. On the marketplace, content
 * specialists (of expert organizations: only those publish) publish listings and read their usage;
 * training managers take and install licences; granting a licence is the org admin's.
 */
export const permissionTable: Record<UserRole, readonly ApiAction[]> = {
  org_admin: everyAction,
  training_manager: [
    'users:read', 'organization:read', 'workers:read', 'workers:write', 'segments:read', 'segments:write',
    'programs:read', 'programs:write', 'programs:enroll', 'blueprints:read', 'content:read', 'broadcasts:read', 'broadcasts:send',
    'conversations:read', 'progress:read', 'exports:read', 'channels:read', 'experiments:read', 'experiments:write', 'integrations:read',
    'marketplace:read', 'marketplace:license', 'inbox:read', 'inbox:manage',
  ],
  program_manager: [
    'organization:read', 'workers:read', 'segments:read', 'programs:read', 'programs:write', 'programs:enroll',
    'blueprints:read', 'content:read', 'broadcasts:read', 'broadcasts:send', 'conversations:read', 'progress:read', 'exports:read',
    'channels:read', 'experiments:read', 'experiments:write', 'marketplace:read', 'inbox:read',
  ],
  content_specialist: [
    'organization:read', 'blueprints:read', 'blueprints:write', 'content:read', 'programs:read', 'progress:read', 'experiments:read',
    'marketplace:read', 'marketplace:publish', 'marketplace:usage',
  ],
  coach: ['organization:read', 'workers:read', 'segments:read', 'programs:read', 'conversations:read', 'progress:read', 'experiments:read', 'inbox:read', 'inbox:manage'],
};

/** Whether a role may perform an action, by the permission table. */
export function isAllowed(role: UserRole, action: ApiAction): boolean {
  return permissionTable[role].includes(action);
}
