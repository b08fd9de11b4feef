import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { e164Schema, providerMessageIdSchema, type ChannelAdapter, type OutboundMessage, type ParseResult } from '../channelTypes';
import { describePayloadError } from '../describePayloadError';

export interface ConsoleAdapterOptions {
  /** Receives every sent message with its id (the engine's log or a test's array). Awaited before send resolves. */
  sink: (message: OutboundMessage, providerMessageId: string) => void | Promise<void>;
  /** Makes outbound provider ids. Default `console-<uuid>`. */
  newId?: () => string;
  /** channelAddress reported by parse. Default `console`. */
  address?: string;
}

/** What the simulator page, `npm run chat` and tests POST as the raw body (JSON). */
const consoleInboundSchema = z.object({
  /** Client-made id, so a retried POST is deduplicated; generated when absent. */
  id: providerMessageIdSchema.optional(),
  from: e164Schema,
  text: z.string().optional(),
  replyId: z.string().optional(),
  profileName: z.string().optional(),
});

/**
 * A channel with no provider. There is no signature: the HTTP layer
 * authenticates console requests with an API key, so `verify` always passes.
 */
export function createConsoleAdapter(options: ConsoleAdapterOptions): ChannelAdapter {
  const newId = options.newId ?? (() => `console-${randomUUID()}`);
  return {
    kind: 'console',
    verify: () => ({ ok: true }),
    parse: (request, receivedAt): ParseResult => {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(request.rawBody).toString('utf8'));
      } catch {
        return { ok: false, error: { code: 'invalid_payload', field: '', message: 'console message: body is not valid JSON' } };
      }
      const parsed = consoleInboundSchema.safeParse(json);
      if (!parsed.success) return { ok: false, error: describePayloadError('console message', parsed.error) };
      const { id, ...rest } = parsed.data;
      const message = { providerMessageId: id ?? newId(), at: receivedAt, ...rest };
      return { ok: true, batches: [{ channelAddress: options.address ?? 'console', messages: [message], statuses: [] }] };
    },
    send: async (message) => {
      const providerMessageId = newId();
      await options.sink(message, providerMessageId);
      return { ok: true, providerMessageId };
    },
  };
}
