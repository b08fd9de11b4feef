import { randomUUID } from 'node:crypto';
import { p } from '@mikro-orm/core';

/** A UUID primary key, generated in the application so the identity map knows it before insert. */
export const uuidPrimaryKey = () => p.uuid().primary().defaultRaw('gen_random_uuid()').onCreate(() => randomUUID());

/** created_at / updated_at, as in the seed (timestamptz, defaults to now()). */
export const timestamps = () => ({
  createdAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()),
  updatedAt: p.datetime().defaultRaw('current_timestamp').onCreate(() => new Date()).onUpdate(() => new Date()),
});
