import type { ZodError } from 'zod';
import { describeZodError } from '../../api/openapi/describeZodError';
import type { FieldError } from './FormField';

/** A refusal of an API schema as a console form error on the field it names (`events.2` is the `events` field), worded as the API words it. */
export function schemaFormError(error: ZodError): FieldError {
  const problem = describeZodError(error, 'form');
  return { field: (problem.field ?? '').split('.')[0] || 'form', message: problem.message };
}
