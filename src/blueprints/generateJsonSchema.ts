import { z } from 'zod';
import { absentTypeSchema, authoredFlowSchema } from './flowSchema';

/** The flow file JSON Schema text (for flows/schema.json), generated from the zod schema of a file as written. */
export function generateJsonSchema(): string {
  const schema = z.toJSONSchema(authoredFlowSchema, {
    io: 'input',
    target: 'draft-2020-12',
    // A library reference has no `type`: JSON Schema says so with `not: {}` (any value fails).
    unrepresentable: 'any',
    override: (context) => {
      if (context.zodSchema === absentTypeSchema) context.jsonSchema.not = {};
    },
  });
  return `${JSON.stringify({ ...schema, title: 'Journey blueprint flow file', $id: 'https://coaching-engine.local/flows/schema.json' }, null, 2)}\n`;
}
