import type { OutboundMessage, SendFailure } from '../channelTypes';
import { renderNumberedOptions } from '../renderNumberedOptions';
import { chooseChoicePresentation } from './chooseChoicePresentation';

/** JSON body of `POST /{version}/{phone-number-id}/messages`. */
export interface CloudApiMessageBody {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** Recipient in digits, without `+`. */
  to: string;
  type: 'text' | 'image' | 'audio' | 'video' | 'document' | 'interactive' | 'template';
  [payload: string]: unknown;
}

/**
 * Translate an OutboundMessage into the Graph API body: a template when one is
 * given; else media (text and caption joined as the caption); else text; with
 * choices as reply buttons, a list, or numbered options (see chooseChoicePresentation).
 */
export function buildCloudApiMessageBody(
  message: OutboundMessage,
): { ok: true; body: CloudApiMessageBody } | SendFailure {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: message.to.replace(/^\+/, '') } as const;

  if (message.template) {
    const { name, language, variables } = message.template;
    const template: Record<string, unknown> = { name, language: { code: language } };
    if (variables.length > 0) {
      template.components = [{ type: 'body', parameters: variables.map((text) => ({ type: 'text', text })) }];
    }
    return { ok: true, body: { ...base, type: 'template', template } };
  }

  const text = message.text ?? '';
  if (message.media) {
    const { kind, url, filename } = message.media;
    let caption = [message.text, message.media.caption].filter(Boolean).join('\n\n');
    if (message.choices) caption = renderNumberedOptions(caption, message.choices.options);
    if (kind === 'audio' && caption) {
      return {
        ok: false,
        kind: 'permanent',
        code: 'unsupported_combination',
        reason: 'Cloud API audio messages carry no caption or choices: send the text as a separate message',
      };
    }
    const media: Record<string, unknown> = { link: url };
    if (caption) media.caption = caption;
    if (kind === 'document' && filename) media.filename = filename;
    return { ok: true, body: { ...base, type: kind, [kind]: media } };
  }

  if (message.choices) {
    const presentation = chooseChoicePresentation(message.choices, text);
    const options = message.choices.options;
    if (presentation === 'buttons') {
      const buttons = options.map((o) => ({ type: 'reply', reply: { id: o.id, title: o.title } }));
      return { ok: true, body: { ...base, type: 'interactive', interactive: { type: 'button', body: { text }, action: { buttons } } } };
    }
    if (presentation === 'list') {
      const rows = options.map((o) => ({ id: o.id, title: o.title, ...(o.description ? { description: o.description } : {}) }));
      const action = { button: message.choices.menuLabel ?? 'Choose', sections: [{ rows }] };
      return { ok: true, body: { ...base, type: 'interactive', interactive: { type: 'list', body: { text }, action } } };
    }
    return { ok: true, body: textBody(base, renderNumberedOptions(text, options)) };
  }
  return { ok: true, body: textBody(base, text) };
}

function textBody(base: Pick<CloudApiMessageBody, 'messaging_product' | 'recipient_type' | 'to'>, body: string): CloudApiMessageBody {
  return { ...base, type: 'text', text: { body, preview_url: /https?:\/\//.test(body) } };
}
