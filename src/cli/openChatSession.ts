import { randomUUID } from 'node:crypto';
import { z } from 'zod';

export interface ChatOptions {
  url: string;
  /** ADMIN_TOKEN: the console channel's inbound endpoint. */
  token: string;
  /** An API key of the worker's organization: the worker's conversation log. */
  key: string;
  from: string;
  /** Optional: when given, it must be the worker whose number is `from`. */
  worker?: string;
  channel: string;
  fetch?: typeof fetch;
}

export interface ChatSession {
  workerId: string;
  /** The coach's messages already in the log when the session opened, oldest first. */
  history: string[];
  /** Sends one message as the worker and answers with the coach's replies it caused. */
  send(text: string): Promise<{ ok: true; replies: string[] } | { ok: false; message: string }>;
}

const logSchema = z.object({
  messages: z.array(z.object({ id: z.string(), direction: z.string(), body: z.string().nullable(), payload: z.object({ textWithOptions: z.string().optional() }).passthrough() })),
});
const workersSchema = z.object({ workers: z.array(z.object({ id: z.string(), phoneNumber: z.string().nullable() })) });

/**
 * A terminal chat's core: the worker is found by `from` through the API (so `--from` alone is
 * enough, and a `--worker` that is someone else is refused instead of showing another thread).
 */
export async function openChatSession(options: ChatOptions): Promise<{ ok: true; session: ChatSession } | { ok: false; message: string }> {
  const call = options.fetch ?? fetch;
  const base = options.url.replace(/\/$/, '');
  const apiHeaders = { authorization: `Bearer ${options.key}` };
  const failure = async (response: Response, what: string) => ({ ok: false as const, message: `${what}: the engine at ${base} answered ${response.status}: ${await response.text()}` });

  let found: Response;
  try {
    found = await call(`${base}/v1/workers?search=${encodeURIComponent(options.from)}&limit=10`, { headers: apiHeaders });
  } catch (error) {
    return { ok: false, message: `no engine answers at ${base} (${error instanceof Error ? error.message : String(error)}): start it with \`npm start\`, or pass --url` };
  }
  if (!found.ok) return failure(found, found.status === 401 ? 'the API key (--key) was refused' : 'finding the worker');
  const worker = workersSchema.parse(await found.json()).workers.find((w) => w.phoneNumber === options.from);
  if (!worker) return { ok: false, message: `no worker of the key's organization has the number ${options.from} (--from)` };
  if (options.worker && options.worker !== worker.id) return { ok: false, message: `--worker ${options.worker} is not the worker with the number ${options.from} (${worker.id}): leave --worker out` };

  const seen = new Set<string>();
  const unseenReplies = async (): Promise<string[] | Response> => {
    const response = await call(`${base}/v1/workers/${worker.id}/messages?limit=50`, { headers: apiHeaders });
    if (!response.ok) return response;
    const fresh = logSchema.parse(await response.json()).messages.filter((m) => !seen.has(m.id)).reverse();
    for (const message of fresh) seen.add(message.id);
    return fresh.filter((m) => m.direction === 'outbound').map((m) => m.payload.textWithOptions ?? m.body ?? '');
  };
  const first = await unseenReplies();
  if (first instanceof Response) return failure(first, 'reading the conversation');

  return {
    ok: true,
    session: {
      workerId: worker.id,
      history: first,
      async send(text) {
        const response = await call(`${base}/console/${options.channel}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id: randomUUID(), from: options.from, text }),
        });
        if (!response.ok) return failure(response, response.status === 401 ? 'the admin token (--token) was refused' : 'sending');
        const replies = await unseenReplies();
        return replies instanceof Response ? failure(replies, 'reading the conversation') : { ok: true, replies };
      },
    },
  };
}
