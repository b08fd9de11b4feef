import { z } from '@hono/zod-openapi';
import { holdsReservedAttributeName, RESERVED_ATTRIBUTE_NAME } from '../workers/reservedAttributeName';

/**
 * A record schema that names an own `__proto__` key of the raw JSON (`400` naming
 * `<field>.__proto__`) instead of letting the record drop it unseen, as it would.
 */
export function refuseProtoKey<T extends z.ZodType>(record: T) {
  return z.preprocess((raw, ctx) => {
    if (holdsReservedAttributeName(raw)) ctx.addIssue({ code: 'custom', path: [RESERVED_ATTRIBUTE_NAME], message: `'${RESERVED_ATTRIBUTE_NAME}' cannot be a key, rename it`, input: raw });
    return raw;
  }, record);
}
