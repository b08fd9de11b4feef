import type twilio from 'twilio';
import type { OutboundMessage, SendResult } from '../channelTypes';
import { renderNumberedOptions } from '../renderNumberedOptions';
import { classifyTwilioError } from './classifyTwilioError';

type MessageCreateParams = Parameters<twilio.Twilio['messages']['create']>[0];
type Template = NonNullable<OutboundMessage['template']>;

export interface TwilioSendOptions {
  /** The business WhatsApp number, E.164. Required unless `messagingServiceSid` is set. */
  from?: string;
  /** Messaging Service SID (`MG…`) to send from instead of `from`. */
  messagingServiceSid?: string;
  /** Where Twilio posts status callbacks for this message (the engine's /webhooks/twilio/:channelId/status). */
  statusCallbackUrl?: string;
  /**
   * Map a template to its approved Content SID (`HX…`). Default: the template
   * name itself when it is a Content SID. Unresolved templates fail permanently.
   */
  resolveContentSid?: (template: Template) => string | undefined;
}

/**
 * Send one message with the real twilio client. Twilio buttons need Content
 * API templates, so choices are always rendered as numbered options.
 * Never throws: failures come back classified.
 */
export async function sendViaTwilio(
  client: twilio.Twilio,
  options: TwilioSendOptions,
  message: OutboundMessage,
): Promise<SendResult> {
  const built = buildParams(options, message);
  if (!built.ok) return built;
  try {
    const created = await client.messages.create(built.params);
    return { ok: true, providerMessageId: created.sid };
  } catch (error) {
    return classifyTwilioError(error);
  }
}

function buildParams(
  options: TwilioSendOptions,
  message: OutboundMessage,
): { ok: true; params: MessageCreateParams } | Extract<SendResult, { ok: false }> {
  const params: MessageCreateParams = { to: `whatsapp:${message.to}` };
  if (options.messagingServiceSid) params.messagingServiceSid = options.messagingServiceSid;
  else if (options.from) params.from = `whatsapp:${options.from}`;
  else return { ok: false, kind: 'permanent', code: 'not_configured', reason: 'the Twilio channel has no sender number' };
  if (options.statusCallbackUrl) params.statusCallback = options.statusCallbackUrl;

  if (message.template) {
    const resolve = options.resolveContentSid ?? defaultContentSid;
    const contentSid = resolve(message.template);
    if (!contentSid) {
      return {
        ok: false,
        kind: 'permanent',
        code: 'template_not_registered',
        reason: `no Twilio Content SID for template '${message.template.name}' (${message.template.language})`,
      };
    }
    params.contentSid = contentSid;
    const variables = Object.fromEntries(message.template.variables.map((value, i) => [String(i + 1), value]));
    if (message.template.variables.length > 0) params.contentVariables = JSON.stringify(variables);
    return { ok: true, params };
  }

  let body = message.media?.caption ?? message.text ?? '';
  if (message.media?.caption && message.text) body = `${message.text}\n\n${message.media.caption}`;
  if (message.choices) body = renderNumberedOptions(body, message.choices.options);
  if (body) params.body = body;
  if (message.media) params.mediaUrl = [message.media.url];
  return { ok: true, params };
}

function defaultContentSid(template: Template): string | undefined {
  return /^HX[0-9a-fA-F]{32}$/.test(template.name) ? template.name : undefined;
}
