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
] as const;
export type ApiAction = (typeof apiActions)[number];

const everyAction: readonly ApiAction[] = apiActions;

/**
 * The one permission table: which role may do what. Every route consults it through
 * `requirePermission`; the README prints it. Coaches read conversation logs and progress;
 * content specialists write blueprints; program managers run programs and broadcasts;
 * training managers also manage workers and segments; org admins do everything.
 */
export const permissionTable: Record<UserRole, readonly ApiAction[]> = {
  org_admin: everyAction,
  training_manager: [
    'users:read', 'organization:read', 'workers:read', 'workers:write', 'segments:read', 'segments:write',
    'programs:read', 'programs:write', 'programs:enroll', 'blueprints:read', 'content:read', 'broadcasts:read', 'broadcasts:send',
    'conversations:read', 'progress:read', 'exports:read', 'channels:read', 'experiments:read', 'experiments:write', 'integrations:read',
  ],
  program_manager: [
    'organization:read', 'workers:read', 'segments:read', 'programs:read', 'programs:write', 'programs:enroll',
    'blueprints:read', 'content:read', 'broadcasts:read', 'broadcasts:send', 'conversations:read', 'progress:read', 'exports:read',
    'channels:read', 'experiments:read', 'experiments:write',
  ],
  content_specialist: ['organization:read', 'blueprints:read', 'blueprints:write', 'content:read', 'programs:read', 'progress:read', 'experiments:read'],
  coach: ['organization:read', 'workers:read', 'segments:read', 'programs:read', 'conversations:read', 'progress:read', 'experiments:read'],
};

/** Whether a role may perform an action, by the permission table. */
export function isAllowed(role: UserRole, action: ApiAction): boolean {
  return permissionTable[role].includes(action);
}
