import { z } from '@hono/zod-openapi';
import { listBodyPlaceholders } from './listBodyPlaceholders';

/** A name JavaScript cannot hold as an object key: a value for it could never be given by name. */
const UNUSABLE_VARIABLE = '__proto__';
const unusableVariable = `'${UNUSABLE_VARIABLE}' cannot be a variable name, rename it`;

const variableName = z
  .string()
  .regex(/^[A-Za-z0-9_]+$/, 'must be a variable name such as 1 or first_name')
  .refine((name) => name !== UNUSABLE_VARIABLE, unusableVariable);

/** A Twilio template entered by hand: its approved Content SID and what it says. */
export const ManualTemplateInput = z.strictObject({
  name: z.string().trim().min(1).max(512).openapi({ description: 'The name broadcasts and flows use', example: 'shift_reminder' }),
  language: z
    .string()
    .trim()
    .max(20)
    .regex(/^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$/, 'must be a language code such as en, en_US or pt-BR')
    .openapi({ example: 'en' }),
  contentSid: z.string().regex(/^HX[0-9a-fA-F]{32}$/, "must be a Content SID: 'HX' then 32 hex digits").openapi({ description: "The Content SID of the approved template in Twilio's Content Template Builder" }),
  body: z
    .string()
    .min(1)
    .max(4096)
    .refine((body) => !listBodyPlaceholders(body).includes(UNUSABLE_VARIABLE), `{{${UNUSABLE_VARIABLE}}}: ${unusableVariable}`)
    .optional()
    .openapi({ description: 'The body with {{1}}…{{n}} placeholders, for previews', example: 'Hi {{1}}, your shift starts at {{2}}.' }),
  variables: z
    .array(variableName)
    .max(20)
    .refine((names) => new Set(names).size === names.length, 'each variable once: a name is given twice')
    .optional()
    .openapi({ description: "The variables' names in order; default: the body's placeholders" }),
  category: z.string().trim().min(1).max(40).optional().openapi({ example: 'UTILITY' }),
});
export type ManualTemplateData = z.infer<typeof ManualTemplateInput>;
