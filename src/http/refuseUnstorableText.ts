import type { Context, MiddlewareHandler } from 'hono';
import { findUnstorableText } from '../text/findUnstorableText';

/** Where the refused text was: the path, a query parameter, or a field of the body. */
export interface UnstorableText {
  target: 'path' | 'query' | 'json' | 'form' | 'body';
  /** The field path, e.g. `workers.3.fullName` or `search`. */
  field: string;
  message: string;
}

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');
const isForm = (mediaType: string) => mediaType === 'multipart/form-data' || mediaType === 'application/x-www-form-urlencoded';

function problem(target: UnstorableText['target'], path: (string | number)[]): UnstorableText {
  const field = path.map(String).join('.') || target;
  return { target, field, message: `${field}: must not contain U+0000 or an unpaired UTF-16 surrogate` };
}

/** The first text of a parsed JSON body that PostgreSQL could not store, naming its field; undefined when there is none. */
export function findUnstorableJson(json: unknown): UnstorableText | undefined {
  const path = findUnstorableText(json);
  return path ? problem('json', path) : undefined;
}

/** What a request holds that PostgreSQL could not store, or that cannot be read as a form. */
async function findProblem(c: Context): Promise<UnstorableText | undefined> {
  if (c.req.path.includes('\0')) return problem('path', []);
  const inQuery = findUnstorableText(c.req.queries());
  if (inQuery) return problem('query', inQuery.slice(0, 1));
  if (!c.req.raw.body) return undefined;
  const mediaType = c.req.header('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
  if (isForm(mediaType)) {
    // Read once here (hono caches it for the route); a body that is no form is the sender's fault.
    const form = await c.req.parseBody({ all: true }).catch(() => undefined);
    if (!form) return { target: 'form', field: 'body', message: `body: not a readable ${mediaType} body` };
    const inForm = findUnstorableText(Object.fromEntries(Object.entries(form).map(([key, value]) => [key, [value].flat().filter((item) => typeof item === 'string')])));
    return inForm ? problem('form', inForm.slice(0, 1)) : undefined;
  }
  // The text is cached for the route, byte for byte (a signature may be computed over it).
  const text = await c.req.text();
  if (isJson(mediaType)) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return undefined; // the route's own validation explains what is wrong with it
    }
    return findUnstorableJson(json);
  }
  const nul = text.indexOf('\0');
  if (nul < 0) return undefined;
  const line = text.slice(0, nul).split('\n').length;
  return { target: 'body', field: 'body', message: `body: line ${line} contains U+0000, which cannot be stored` };
}

/**
 * Refuses (through `refuse`, a 400) a request whose path, query or body holds text PostgreSQL
 * cannot store (U+0000, an unpaired surrogate), naming the field, and a form body that cannot be
 * read: the one check for the API and the console, before any route reads its input.
 */
export function refuseUnstorableText(refuse: (c: Context, problem: UnstorableText) => Response | Promise<Response>): MiddlewareHandler {
  return async (c, next) => {
    const problem = await findProblem(c);
    if (problem) return refuse(c, problem);
    await next();
  };
}
