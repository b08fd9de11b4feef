import { UniqueConstraintViolationException } from '@mikro-orm/core';

/** Whether an error is PostgreSQL's unique violation (23505), converted by the ORM or raw from scopedSql. */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof UniqueConstraintViolationException) return true;
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}
