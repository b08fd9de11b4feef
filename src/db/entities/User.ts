import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from './columns';
import { organizationId } from './organizationColumn';

export const userRoles = ['org_admin', 'training_manager', 'program_manager', 'content_specialist', 'coach'] as const;
export type UserRole = (typeof userRoles)[number];

export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: uuidPrimaryKey(),
    organization: organizationId(),
    email: p.string().length(255).unique().index('idx_users_email'),
    role: p.string().length(50).$type<UserRole>(),
    displayName: p.string().length(100).nullable(),
    /** IANA timezone the console shows times in; null means the organization's. */
    timezone: p.string().length(64).nullable(),
    /** scrypt hash; null until the invitation is accepted. */
    passwordHash: p.string().nullable(),
    ...timestamps(),
  },
});
export type IUser = InferEntity<typeof User>;
