import { z } from 'zod';
import { graphUrl, type CloudApiClientOptions } from '../channels/cloudApi/cloudApiClientOptions';
import { findUnstorableText } from '../text/findUnstorableText';
import { listBodyPlaceholders } from './listBodyPlaceholders';
import type { TemplateView } from './templateRows';

/** A template as Meta lists it, reduced to what the registry keeps (status in lower case). */
export type ProviderTemplate = Pick<TemplateView, 'name' | 'language' | 'category' | 'status' | 'body' | 'variables'> & { providerTemplateId: string | null };

export type FetchTemplatesResult =
  | { ok: true; templates: ProviderTemplate[]; pages: number }
  | { ok: false; code: 'bad_credentials' | 'waba_not_found' | 'provider_error' | 'provider_unreachable'; message: string };

/** The Cloud API client's connection settings (token, Graph base, timeout, fetch) and which account to list. */
export interface FetchTemplatesInput extends CloudApiClientOptions {
  /** The WhatsApp Business Account id (`settings.wabaId`). */
  wabaId: string;
}

/** Each field as long as its channel_templates column holds: a longer value is refused, never a failed insert. */
const templatePage = z.object({
  data: z.array(
    z.object({
      id: z.string().max(64).optional(),
      name: z.string().max(512),
      language: z.string().max(20),
      status: z.string().max(40),
      category: z.string().max(40).optional(),
      components: z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()).default([]),
    }).loose(),
  ),
  paging: z.object({ cursors: z.object({ after: z.string().optional() }).loose().optional(), next: z.string().optional() }).loose().optional(),
});
const graphError = z.object({ error: z.object({ message: z.string().optional(), code: z.number().optional() }).loose() });

/** Templates asked for per page (Graph's `limit`). */
const PAGE_SIZE = 100;
/** Per-request timeout when the input names none, milliseconds. */
const REQUEST_TIMEOUT_MS = 15_000;
/** Guards against a provider that pages forever. */
const MAX_PAGES = 200;

function describeFailure(status: number, body: unknown, wabaId: string): Extract<FetchTemplatesResult, { ok: false }> {
  const parsed = graphError.safeParse(body);
  const code = parsed.success ? parsed.data.error.code : undefined;
  if (code === 190 || status === 401) return { ok: false, code: 'bad_credentials', message: 'Meta refused the access token: it is wrong or has expired; rotate it with PATCH /v1/channels/{id}' };
  if (code === 100 || status === 404) return { ok: false, code: 'waba_not_found', message: `No WhatsApp Business Account has the id ${wabaId}, or the token cannot see it: check settings.wabaId` };
  return { ok: false, code: 'provider_error', message: `The Graph API answered ${status}${code === undefined ? '' : ` (code ${code})`}${parsed.success && parsed.data.error.message ? `: ${parsed.data.error.message}` : ''}` };
}

/** One template per (name, language), the last listed: a list that changed while it was paged may repeat one. */
function lastOfEach(templates: ProviderTemplate[]): ProviderTemplate[] {
  return [...new Map(templates.map((template) => [JSON.stringify([template.name, template.language]), template])).values()];
}

/**
 * Every message template of a WhatsApp Business Account: `GET /{waba-id}/message_templates`,
 * following `paging.cursors.after` while Graph announces a `paging.next` page.
 */
export async function fetchCloudApiTemplates(input: FetchTemplatesInput): Promise<FetchTemplatesResult> {
  const doFetch = input.fetch ?? fetch;
  const templates: ProviderTemplate[] = [];
  let after: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const query = new URLSearchParams({ fields: 'id,name,language,status,category,components', limit: String(PAGE_SIZE) });
    if (after) query.set('after', after);
    let response: Response;
    try {
      response = await doFetch(graphUrl(input, `${encodeURIComponent(input.wabaId)}/message_templates?${query}`), {
        headers: { authorization: `Bearer ${input.accessToken}` },
        signal: AbortSignal.timeout(input.timeoutMs ?? REQUEST_TIMEOUT_MS),
      });
    } catch {
      return { ok: false, code: 'provider_unreachable', message: 'The Graph API could not be reached (network error or timeout): try again later' };
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) return describeFailure(response.status, body, input.wabaId);
    const parsed = templatePage.safeParse(body);
    if (!parsed.success) {
      const [issue] = parsed.error.issues;
      return { ok: false, code: 'provider_error', message: `The Graph API answered a template list this engine cannot store (${issue.path.join('.')}: ${issue.message}): nothing was synced` };
    }
    const listed = parsed.data.data.map((item): ProviderTemplate => {
      const text = item.components.find((component) => component.type.toUpperCase() === 'BODY')?.text ?? null;
      return {
        providerTemplateId: item.id ?? null,
        name: item.name,
        language: item.language,
        category: item.category ?? null,
        status: item.status.toLowerCase(),
        body: text,
        variables: text ? listBodyPlaceholders(text) : [],
      };
    });
    const unstorable = findUnstorableText(listed);
    if (unstorable) {
      const [index, field] = unstorable;
      const graphField = { providerTemplateId: 'id', body: 'components.BODY.text' }[String(field)] ?? field;
      return { ok: false, code: 'provider_error', message: `The Graph API answered a template list this engine cannot store (data.${index}.${graphField}: holds U+0000 or an unpaired surrogate): nothing was synced` };
    }
    templates.push(...listed);
    after = parsed.data.paging?.cursors?.after;
    if (!parsed.data.paging?.next || !after) return { ok: true, templates: lastOfEach(templates), pages: page };
  }
  return { ok: false, code: 'provider_error', message: `The Graph API kept paging past ${MAX_PAGES} pages of templates` };
}
