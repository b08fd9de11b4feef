import {
  getContentType,
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  isLidUser,
  jidNormalizedUser,
  normalizeMessageContent,
  toNumber,
  type proto,
  type WAMessage,
} from '@whiskeysockets/baileys';
import { stripUnstorableValues } from '../../text/stripUnstorableValues';
import type { InboundMessage, MediaKind } from '../channelTypes';
import { toE164 } from '../toE164';

/** Why a message from `messages.upsert` does not reach the engine. */
export type SkipReason = 'not_notify' | 'from_me' | 'group' | 'broadcast' | 'newsletter' | 'no_content' | 'protocol' | 'unresolved_lid';

export type MappedBaileysMessage =
  | { ok: true; message: InboundMessage; /** Set when the message carries media to download. */ mediaKind?: MediaKind }
  | { ok: false; reason: SkipReason; detail?: string };

/** Maps a `@lid` user to the phone-number JID (Baileys' LID mapping store); null when unknown. */
export type LidResolver = (lid: string) => Promise<string | null>;

/** Message types that are signalling, not something a worker said: dropped silently. */
const signalling = new Set<keyof proto.IMessage>([
  'protocolMessage', 'senderKeyDistributionMessage', 'messageContextInfo', 'reactionMessage', 'pollUpdateMessage',
  'keepInChatMessage', 'encReactionMessage', 'pinInChatMessage',
]);

/**
 * Translates one message of a `messages.upsert` event into the engine's InboundMessage.
 * Only live messages (`type: 'notify'`) from a person in a 1:1 chat pass: history syncs
 * (`append`), the number's own messages, groups, status broadcasts and newsletters are skipped.
 * A sender addressed by `@lid` is mapped to their phone number through `key.remoteJidAlt` or the
 * LID mapping, before the engine looks the worker up. U+0000 and lone surrogates are stripped from
 * its text (WhatsApp has already acknowledged it: it goes through, as PostgreSQL can store it).
 */
export async function mapBaileysMessage(raw: WAMessage, upsertType: string, resolveLid: LidResolver): Promise<MappedBaileysMessage> {
  const key = raw.key;
  const remoteJid = key.remoteJid ?? '';
  if (upsertType !== 'notify') return { ok: false, reason: 'not_notify' };
  if (key.fromMe) return { ok: false, reason: 'from_me' };
  if (isJidGroup(remoteJid)) return { ok: false, reason: 'group' };
  if (isJidStatusBroadcast(remoteJid) || isJidBroadcast(remoteJid) || raw.broadcast) return { ok: false, reason: 'broadcast' };
  if (isJidNewsletter(remoteJid)) return { ok: false, reason: 'newsletter' };

  const content = normalizeMessageContent(raw.message);
  const type = getContentType(content);
  if (!content || !type) return { ok: false, reason: 'no_content' };
  if (signalling.has(type)) return { ok: false, reason: 'protocol', detail: type };

  const phoneJid = await senderPhoneJid(key, resolveLid);
  const from = phoneJid ? toE164(jidNormalizedUser(phoneJid).split('@')[0]) : undefined;
  if (!from) return { ok: false, reason: 'unresolved_lid', detail: remoteJid };

  const base: InboundMessage = {
    providerMessageId: key.id ?? '',
    from,
    at: toNumber(raw.messageTimestamp) * 1000,
    ...(raw.pushName ? { profileName: raw.pushName } : {}),
  };
  if (!base.providerMessageId) return { ok: false, reason: 'no_content', detail: 'message without an id' };
  const translated = translateContent(content, type);
  const inReplyTo = contextOf(content, type)?.stanzaId;
  const media = translated.fields.media ? { media: { ...translated.fields.media, providerRef: base.providerMessageId } } : {};
  return {
    ok: true,
    message: stripUnstorableValues({ ...base, ...translated.fields, ...media, ...(inReplyTo ? { inReplyTo } : {}) }),
    ...(translated.mediaKind ? { mediaKind: translated.mediaKind } : {}),
  };
}

async function senderPhoneJid(key: WAMessage['key'], resolveLid: LidResolver): Promise<string | null> {
  const remoteJid = key.remoteJid ?? '';
  if (!isLidUser(remoteJid)) return remoteJid;
  if (key.remoteJidAlt && !isLidUser(key.remoteJidAlt)) return key.remoteJidAlt;
  return resolveLid(jidNormalizedUser(remoteJid));
}

function translateContent(content: proto.IMessage, type: keyof proto.IMessage): { fields: Partial<InboundMessage>; mediaKind?: MediaKind } {
  switch (type) {
    case 'conversation':
      return { fields: { text: content.conversation ?? '' } };
    case 'extendedTextMessage':
      return { fields: { text: content.extendedTextMessage?.text ?? '' } };
    case 'listResponseMessage': {
      const reply = content.listResponseMessage;
      return { fields: optional({ replyId: reply?.singleSelectReply?.selectedRowId, text: reply?.title }) };
    }
    case 'buttonsResponseMessage': {
      const reply = content.buttonsResponseMessage;
      return { fields: optional({ replyId: reply?.selectedButtonId, text: reply?.selectedDisplayText }) };
    }
    case 'templateButtonReplyMessage': {
      const reply = content.templateButtonReplyMessage;
      return { fields: optional({ replyId: reply?.selectedId, text: reply?.selectedDisplayText }) };
    }
    case 'interactiveResponseMessage': {
      const reply = content.interactiveResponseMessage;
      return { fields: optional({ replyId: nativeFlowId(reply?.nativeFlowResponseMessage?.paramsJson), text: reply?.body?.text }) };
    }
    case 'imageMessage':
    case 'videoMessage':
    case 'audioMessage':
    case 'documentMessage': {
      const kind = type.replace('Message', '') as MediaKind;
      const media = content[type] as proto.Message.IImageMessage & proto.Message.IDocumentMessage;
      return {
        fields: {
          media: {
            kind,
            providerRef: kind,
            ...optional({ mimeType: media.mimetype, caption: media.caption, filename: media.fileName }),
          },
        },
        mediaKind: kind,
      };
    }
    default:
      return { fields: { unsupported: { type: type.replace(/Message$/, '') } } };
  }
}

function contextOf(content: proto.IMessage, type: keyof proto.IMessage): proto.IContextInfo | null | undefined {
  const inner = content[type];
  return inner && typeof inner === 'object' && 'contextInfo' in inner ? (inner.contextInfo as proto.IContextInfo | null) : undefined;
}

function nativeFlowId(paramsJson: string | null | undefined): string | undefined {
  if (!paramsJson) return undefined;
  try {
    const params: unknown = JSON.parse(paramsJson);
    return params && typeof params === 'object' && 'id' in params && typeof params.id === 'string' ? params.id : undefined;
  } catch {
    return undefined;
  }
}

function optional<T extends Record<string, string | null | undefined>>(fields: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => typeof value === 'string' && value !== '')) as { [K in keyof T]?: string };
}
