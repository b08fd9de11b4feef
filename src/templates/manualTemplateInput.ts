import { z } from '@hono/zod-openapi';

/** A Twilio template entered by hand: its approved Content SID and what it says. */
export const ManualTemplateInput = z.strictObject({
  name: z.string().trim().min(1).max(512).openapi({ description: 'The name broadcasts and flows use', example: 'shift_reminder' }),
  language: z.string().trim().min(2).max(20).openapi({ example: 'en' }),
  contentSid: z.string().regex(/^HX[0-9a-fA-F]{32}$/, "must be a Content SID: 'HX' then 32 hex digits").openapi({ description: "The Content SID of the approved template in Twilio's Content Template Builder" }),
  body: z.string().min(1).max(4096).optional().openapi({ description: 'The body with {{1}}…{{n}} placeholders, for previews', example: 'Hi {{1}}, your shift starts at {{2}}.' }),
  variables: z.array(z.string().regex(/^[A-Za-z0-9_]+$/, 'must be a variable name such as 1 or first_name')).max(20).optional().openapi({ description: "The variables' names in order; default: the body's placeholders" }),
  category: z.string().trim().min(1).max(40).optional().openapi({ example: 'UTILITY' }),
});
export type ManualTemplateData = z.infer<typeof ManualTemplateInput>;
