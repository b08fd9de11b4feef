import { z } from 'zod';
import { flowFileSchema } from './flowSchema';

/** The flow file JSON Schema text (for flows/schema.json), generated from the zod schema. */
export function generateJsonSchema(): string {
  const schema = z.toJSONSchema(flowFileSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'Journey blueprint flow file', $id: 'https://coaching-engine.local/flows/schema.json' }, null, 2)}\n`;
}
