import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { readBaileysSession } from '../../channels/baileys/readBaileysSession';
import { readChannelRow, type ChannelRow } from '../../channelAdmin/readChannelRows';
import { requestChannelPairing, type PairingAction } from '../../channelAdmin/requestChannelPairing';
import { errorResponse } from '../../http/httpErrors';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';
import { channelNotFound } from './channelRoutes';

const tags = ['Channels'];
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

const PairingSchema = z
  .object({
    pairable: z.boolean().openapi({ description: 'Only linked-device (Baileys) channels are paired; false for every other kind, with the rest null' }),
    state: z.enum(['pairing', 'open', 'closed', 'logged_out']).nullable(),
    qr: z.string().nullable().openapi({ description: 'The QR text to draw while pairing (WhatsApp replaces it about every 20 s)' }),
    qrAt: z.string().nullable(),
    linkedJid: z.string().nullable(),
    lastError: z.string().nullable(),
    logoutRequested: z.boolean(),
    pairingCode: z
      .object({ phoneNumber: z.string(), requestedAt: z.string(), code: z.string().nullable(), error: z.string().nullable(), answeredAt: z.string().nullable() })
      .nullable()
      .openapi({ description: 'The last code asked for: answeredAt null while the instance holding the socket has not answered' }),
  })
  .openapi('ChannelPairing');

const read = apiRoute(
  'channels:read',
  { method: 'get', path: '/v1/channels/{id}/pairing', tags, summary: 'A linked-device channel: pairing state, QR text, the last pairing code', request: { params: IdParams }, responses: { 200: jsonContent(PairingSchema, 'As the instance holding the socket last recorded it') } },
  { id: 'channels' },
);
const accepted = { 202: jsonContent(PairingSchema, 'Recorded: the instance holding the socket acts on it within seconds; poll GET …/pairing'), 409: { description: 'Not a Baileys channel (or, to pair again, not logged out)' } };
const askCode = apiRoute(
  'channels:manage',
  {
    method: 'post', path: '/v1/channels/{id}/pairing-code', tags, summary: 'Ask for a code to type on the phone instead of scanning the QR',
    request: { params: IdParams, ...jsonBody(z.object({ phoneNumber: z.string().openapi({ example: '+15550001111', description: 'The number to link, E.164' }) })) },
    responses: accepted,
  },
  { id: 'channels' },
);
const logout = apiRoute('channels:manage', { method: 'post', path: '/v1/channels/{id}/logout', tags, summary: 'Unlink the device and clear its auth state', request: { params: IdParams }, responses: accepted }, { id: 'channels' });
const relink = apiRoute('channels:manage', { method: 'post', path: '/v1/channels/{id}/relink', tags, summary: 'Pair a logged-out number again (a new QR follows)', request: { params: IdParams }, responses: accepted }, { id: 'channels' });

async function pairingOf(c: Context<ApiEnv>, row: ChannelRow): Promise<z.infer<typeof PairingSchema>> {
  if (row.kind !== 'baileys') return { pairable: false, state: null, qr: null, qrAt: null, linkedJid: null, lastError: null, logoutRequested: false, pairingCode: null };
  const session = await readBaileysSession(c.get('em'), row.id);
  const code = session.pairingCode;
  return {
    pairable: true,
    state: session.state,
    qr: session.qr ?? null,
    qrAt: iso(session.qrAt),
    linkedJid: session.meJid ?? null,
    lastError: session.lastError ?? null,
    logoutRequested: session.logoutRequested,
    pairingCode: code ? { phoneNumber: code.phone, requestedAt: new Date(code.requestedAt).toISOString(), code: code.code ?? null, error: code.error ?? null, answeredAt: iso(code.answeredAt) } : null,
  };
}

/** Pairing a linked-device (Baileys) channel: every request is recorded for whichever instance holds the socket. */
export function registerChannelPairingRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  const act = async (c: Context<ApiEnv>, id: string, action: PairingAction) => {
    const row = await readChannelRow(c.get('em'), id);
    if (!row) return channelNotFound(c, id);
    const result = await requestChannelPairing(c.get('em'), row, action, deps.engine.clock.now());
    if (!result.ok) return errorResponse(c, result.code === 'invalid_phone' ? 400 : 409, result.code, result.message, result.field);
    deps.engine.logger.info({ channelId: id, action: action.kind }, 'baileys pairing request from the API');
    return c.json(await pairingOf(c, row), 202);
  };

  app.openapi(read, async (c) => {
    const { id } = c.req.valid('param');
    const row = await readChannelRow(c.get('em'), id);
    return row ? c.json(await pairingOf(c, row), 200) : channelNotFound(c, id);
  });
  app.openapi(askCode, async (c) => act(c, c.req.valid('param').id, { kind: 'pairing_code', phoneNumber: c.req.valid('json').phoneNumber }));
  app.openapi(logout, async (c) => act(c, c.req.valid('param').id, { kind: 'logout' }));
  app.openapi(relink, async (c) => act(c, c.req.valid('param').id, { kind: 'relink' }));
}
