// @module-tag browser
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaileysChannels, type BaileysChannels } from '../../src/channels/baileys/startBaileysChannels';
import { createChannel } from '../../src/channelAdmin/createChannel';
import { drawPairingQr } from '../../src/web/channels/drawPairingQr';
import { createFakeBaileysNetwork, readBaileysFixture } from '../fakes/createFakeBaileysSocket';
import { TEST_PUBLIC_URL, testSecretBox } from '../support/httpWorld';
import type { TestDatabase } from '../support/testDatabase';
import { useSignedInAdmin } from '../support/useSignedInAdmin';
import { saveScreenshot, type WebWorld } from '../support/webWorld';

const signedIn = useSignedInAdmin(() => ({ flow: 'onboarding', web: { secretBox: testSecretBox, publicUrl: TEST_PUBLIC_URL } }));
let db: TestDatabase;
let world: WebWorld;
let admin: Page;
const network = createFakeBaileysNetwork();
const instances: BaileysChannels[] = [];
let channelId: string;

/** One engine instance running the organization's Baileys channels on the fake WhatsApp network; the test ticks it. */
async function startInstance(holder: string): Promise<BaileysChannels> {
  const instance = await startBaileysChannels({
    orm: db.orm,
    secretBox: testSecretBox,
    logger: world.deps.logger,
    clock: world.clock,
    holder,
    stateDir: mkdtempSync(join(tmpdir(), 'baileys-state-')),
    tickMs: 0,
    socketFactory: network.factory,
    downloadMedia: async () => Buffer.alloc(0),
    onInbound: async () => undefined,
    onStatus: async () => undefined,
  });
  instances.push(instance);
  return instance;
}

beforeAll(async () => {
  ({ db, world, admin } = signedIn());
  const created = await createChannel(world.em(), { kind: 'baileys', name: 'Linked phone', settings: { phoneNumber: '+15550001111' }, secrets: {} }, testSecretBox, new Date(world.clock.now()));
  if (!created.ok) throw new Error(created.message);
  channelId = created.id;
});
// Registered after the console's: runs before it closes the console and the database.
afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
});

const qrImage = () => admin.getByRole('img', { name: /Pairing QR code/ });

describe('pairing a linked phone from the console', () => {
  it('shows the stored QR as an image, and its pairing code, logout and pair-again requests reach the socket holder', async () => {
    const holder = await startInstance('instance-a');
    const other = await startInstance('instance-b');
    const first = network.latest(channelId);
    const qr = readBaileysFixture('connection.update', 'connection-update-qr.json').qr ?? '';
    first.showQr(qr);
    await holder.settled();

    await admin.goto(`${world.baseUrl}/coach/channels/${channelId}`);
    expect(await admin.getByTestId('pairing-state').textContent()).toContain('Waiting for pairing');
    expect(await qrImage().getAttribute('src')).toBe(await drawPairingQr(qr));
    expect(await qrImage().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(288);
    await saveScreenshot(admin, 'channel-baileys-qr');

    // The channel's own number is offered; a wrong one is refused next to the field.
    const phone = admin.getByLabel(/link with a code/);
    expect(await phone.inputValue()).toBe('+15550001111');
    await phone.fill('call me');
    await admin.getByRole('button', { name: 'Get a pairing code' }).click();
    await admin.waitForURL(`**/coach/channels/${channelId}/pairing/code`);
    expect(await admin.locator('#p-phone-error').textContent()).toBe('must be the number to link, in E.164 such as +15550001234');

    await admin.getByLabel(/link with a code/).fill('+1 555-000-1111');
    await admin.getByRole('button', { name: 'Get a pairing code' }).click();
    await admin.waitForURL(`**/coach/channels/${channelId}?flash=pairing_code`);
    expect(await admin.getByTestId('pairing-code').textContent()).toContain('waiting for the instance that holds the connection');
    // The instance without the socket does not answer; the holder does, on its next tick, and the page follows live.
    await other.tick();
    expect(first.pairingCodeRequests).toEqual([]);
    await holder.tick();
    expect(first.pairingCodeRequests).toEqual(['15550001111']);
    await admin.getByText('TEST2345').waitFor();
    expect(await admin.getByTestId('pairing-code').textContent()).toContain('Pairing code for +15550001111: TEST2345');
    await saveScreenshot(admin, 'channel-baileys-code');

    await admin.getByRole('button', { name: 'Log out this device' }).click();
    await admin.waitForURL(`**/coach/channels/${channelId}?flash=logout`);
    world.clock.advance(10_000);
    await other.tick();
    expect(first.loggedOut).toBe(false);
    await holder.tick();
    await holder.settled();
    expect(first.loggedOut).toBe(true);
    await admin.getByRole('button', { name: 'Pair again' }).waitFor({ state: 'visible' });
    expect(await admin.getByTestId('pairing-state').textContent()).toContain('Logged out');
    expect(await qrImage().count()).toBe(0);
    expect(await admin.getByRole('button', { name: 'Get a pairing code' }).isHidden()).toBe(true);

    await admin.getByRole('button', { name: 'Pair again' }).click();
    await admin.waitForURL(`**/coach/channels/${channelId}?flash=relink`);
    world.clock.advance(10_000);
    await Promise.all([holder.tick(), other.tick()]);
    await holder.settled();
    const second = network.latest(channelId);
    expect(second).not.toBe(first);
    expect(network.live(channelId)).toEqual([second]);
    second.showQr('2@a-new-qr-after-pairing-again');
    await holder.settled();
    const newQr = await drawPairingQr('2@a-new-qr-after-pairing-again');
    await admin.waitForFunction((src) => document.querySelector('#pairing-live img')?.getAttribute('src') === src, newQr);
    expect(await admin.getByRole('button', { name: 'Get a pairing code' }).isVisible()).toBe(true);
    expect(network.mostAtOnce).toBe(1);
  });
});
