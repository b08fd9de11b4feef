// @module-tag browser
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDomainEvents } from '../../src/events/insertDomainEvents';
import { createLogger } from '../../src/logging/createLogger';
import { createSecretBox } from '../../src/secrets/secretBox';
import { deliverDueWebhooks } from '../../src/webhooksOut/deliverDueWebhooks';
import { sendJson, startRecordingServer, type RecordingServer } from '../fakes/startRecordingServer';
import { openConsoleSession, type ConsoleSession } from '../support/consoleSession';
import { loopbackOutboundFetch, loopbackReceivers } from '../support/loopbackReceivers';
import { saveScreenshot } from '../support/webWorld';

const secretBox = createSecretBox(randomBytes(32).toString('hex'));
let session: ConsoleSession;
let page: Page;
let receiver: RecordingServer;
/** The secret shown when the endpoint was added. */
let firstSecret = '';

beforeAll(async () => {
  receiver = await startRecordingServer((_request, response) => sendJson(response, 200, {}));
  session = await openConsoleSession({ flow: 'onboarding', web: { secretBox, outboundPolicy: loopbackReceivers }, staff: { role: 'org_admin', email: 'admin@hooks.test', name: 'Ada Admin' } });
  ({ page } = session);
});
afterAll(async () => {
  await session?.close();
  await receiver?.close();
});

/** The endpoint's page, reached by its link (a reload after a form would post it again). */
const openEndpoint = async () => {
  await page.getByRole('link', { name: 'Webhooks' }).click();
  await page.getByRole('link', { name: `${receiver.baseUrl}/hooks` }).click();
};

/** The secret shown on the page that answered the form; gone once the endpoint's page is opened again. */
const shownOnceSecret = async () => {
  const secret = (await page.getByTestId('signing-secret').textContent())!;
  expect(secret).toMatch(/^whsec_/);
  await openEndpoint();
  expect(await page.getByTestId('signing-secret').count()).toBe(0);
  expect(await page.content()).not.toContain(secret);
  return secret;
};

/** A new worker's handoff event, delivered: the worker and the request the receiver got. */
const deliverHandoff = async (itemId: string) => {
  const worker = await session.world.addWorker();
  await session.world.em().transactional((tx) => insertDomainEvents(tx, [{ type: 'handoff.requested', workerId: worker.id, occurredAt: session.world.clock.now(), data: { itemId, cause: 'asked_for_person', reason: 'Asked for a person' } }]));
  await deliverAll();
  return { worker, sent: receiver.requests.at(-1)! };
};

const deliverAll = async () => {
  const deps = { orm: session.db.orm, clock: session.world.clock, logger: createLogger('silent'), secretBox, outboundFetch: loopbackOutboundFetch(), timeoutMs: 2_000 };
  while ((await deliverDueWebhooks(deps)) > 0);
};

describe('event webhooks in the console', () => {
  it('adds an endpoint showing its secret once, delivers a signed event, logs it with status and answer time, and replays it', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('URL').fill('ftp://hr.example.test/hooks');
    await page.getByLabel('handoff.requested').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    expect(await page.locator('#f-url-error').textContent()).toContain('Invalid URL');
    expect(await page.getByLabel('handoff.requested').isChecked()).toBe(true); // the form comes back as it was posted

    await page.getByLabel('URL').fill(`${receiver.baseUrl}/hooks`);
    await page.getByLabel('handoff.requested').uncheck();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    expect(await page.locator('#f-events-error').textContent()).toMatch(/at least 1|too small|>=1/i);
    await page.getByLabel('URL').fill(`${receiver.baseUrl}/hooks`);
    await page.getByLabel('handoff.requested').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    firstSecret = await shownOnceSecret();

    const { worker, sent } = await deliverHandoff('item-1');
    expect(receiver.requests).toHaveLength(1);
    expect(new Webhook(firstSecret).verify(sent.rawBody, sent.headers as Record<string, string>)).toMatchObject({ type: 'handoff.requested', workerId: worker.id });

    await openEndpoint();
    const logRow = page.locator('tr[data-delivery]').first();
    expect(await logRow.locator('td').nth(2).textContent()).toBe('delivered');
    expect(await logRow.locator('td').nth(4).textContent()).toBe('200');
    expect(Number(await logRow.locator('td').nth(5).textContent())).toBeGreaterThanOrEqual(0);
    await logRow.getByRole('button', { name: /Replay delivery/ }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('queued again');
    await deliverAll();
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1].headers['webhook-id']).toBe(receiver.requests[0].headers['webhook-id']);
    await openEndpoint();
    expect(await page.locator('tr[data-delivery]').count()).toBe(2);
    await saveScreenshot(page, 'webhook-endpoint');
  }, 90_000);

  it('rotates the signing secret: the new one shown once, the previous one refused at once', async () => {
    await openEndpoint();
    await page.getByRole('button', { name: 'Rotate the signing secret' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('the previous one stopped at once (no grace period)');
    const rotated = await shownOnceSecret();
    expect(rotated).not.toBe(firstSecret);

    const { worker, sent } = await deliverHandoff('item-2');
    expect(receiver.requests).toHaveLength(3);
    expect(new Webhook(rotated).verify(sent.rawBody, sent.headers as Record<string, string>)).toMatchObject({ workerId: worker.id });
    expect(() => new Webhook(firstSecret).verify(sent.rawBody, sent.headers as Record<string, string>)).toThrow();
  });

  it('changes the events, disables and enables the endpoint', async () => {
    await openEndpoint();
    await page.getByLabel('quiz.answered').check();
    await page.getByLabel('handoff.requested').uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    const state = page.getByTestId('endpoint-state');
    expect(await state.textContent()).toBe('Enabled · events: quiz.answered');
    await page.getByRole('button', { name: 'Disable' }).click();
    expect(await state.textContent()).toBe('Disabled · events: quiz.answered');
    await page.getByRole('button', { name: /^Enable/ }).click();
    expect(await state.textContent()).toBe('Enabled · events: quiz.answered');
  });

  it('sets the LRS with its password sealed, naming a refused field', async () => {
    await page.goto(`${session.world.baseUrl}/coach/lrs`);
    expect(await page.getByText('No LRS set').count()).toBe(1);
    await page.getByLabel('xAPI endpoint').fill('ftp://lrs.example.test/xapi/');
    await page.getByLabel('Username (key)').fill('key-1');
    await page.getByLabel('Password (secret)').fill('s3cret-lrs-pass');
    await page.getByLabel("Your organization's home page").fill('https://acme.example.test');
    await page.getByRole('button', { name: 'Save LRS' }).click();
    expect(await page.locator('#f-endpoint-error').textContent()).toContain('Invalid URL');
    expect(await page.getByLabel('Username (key)').inputValue()).toBe('key-1');
    await page.getByLabel('xAPI endpoint').fill('https://lrs.example.test/xapi/');
    await page.getByLabel('Password (secret)').fill('s3cret-lrs-pass');
    await page.getByLabel(/Let free text/).check();
    await page.getByRole('button', { name: 'Save LRS' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('Saved');
    expect(await page.locator('table[aria-label="LRS settings"]').textContent()).toContain('sent in result.response');
    expect(await page.content()).not.toContain('s3cret-lrs-pass');
    const [stored] = await session.world.sql<{ password_ciphertext: string; send_free_text: boolean }>('select password_ciphertext, send_free_text from lrs_configs where organization_id = :organization_id');
    expect(stored.send_free_text).toBe(true);
    expect(stored.password_ciphertext).not.toContain('s3cret');
    expect(secretBox.open(stored.password_ciphertext, `lrs-password:${session.world.organization.id}`)).toEqual({ password: 's3cret-lrs-pass' });
  });

  it('keeps the stored LRS password when the field is left empty, and replaces it when one is typed', async () => {
    const storedLrs = async () => (await session.world.sql<{ username: string; password_ciphertext: string }>('select username, password_ciphertext from lrs_configs where organization_id = :organization_id'))[0];
    const passwordOf = (sealed: string) => secretBox.open(sealed, `lrs-password:${session.world.organization.id}`);
    const before = await storedLrs();
    await page.goto(`${session.world.baseUrl}/coach/lrs`);
    expect(await page.locator('#f-password-hint').textContent()).toContain('Leave empty to keep the stored password');
    await page.getByLabel('Username (key)').fill('key-2');
    await page.getByRole('button', { name: 'Save LRS' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('Saved');
    const kept = await storedLrs();
    expect(kept).toEqual({ username: 'key-2', password_ciphertext: before.password_ciphertext });

    await page.getByLabel('Password (secret)').fill('n3w-lrs-pass');
    await page.getByRole('button', { name: 'Save LRS' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain('Saved');
    expect(passwordOf((await storedLrs()).password_ciphertext)).toEqual({ password: 'n3w-lrs-pass' });
  });

  it('deletes an endpoint only after a confirmation, with its delivery log', async () => {
    const [{ id }] = await session.world.sql<{ id: string }>('select id from webhook_endpoints where organization_id = :organization_id');
    await page.goto(`${session.world.baseUrl}/coach/webhooks/${id}`);
    await page.getByRole('link', { name: 'Delete this endpoint…' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Delete ${receiver.baseUrl}/hooks?`);
    await page.getByRole('link', { name: 'Keep it' }).click();
    expect(await page.getByTestId('endpoint-state').count()).toBe(1);
    expect(await session.world.sql('select 1 from webhook_endpoints where id = :id and organization_id = :organization_id', { id })).toHaveLength(1);

    await page.getByRole('link', { name: 'Delete this endpoint…' }).click();
    await page.getByRole('button', { name: 'Delete this endpoint' }).click();
    expect(await page.getByRole('status').first().textContent()).toContain(`Deleted ${receiver.baseUrl}/hooks`);
    expect(await page.getByText('No endpoint yet').count()).toBe(1);
    expect(await session.world.sql('select 1 from webhook_endpoints where id = :id and organization_id = :organization_id', { id })).toEqual([]);
    expect(await session.world.sql('select 1 from event_deliveries where endpoint_id = :id and organization_id = :organization_id', { id })).toEqual([]);
    expect((await page.goto(`${session.world.baseUrl}/coach/webhooks/${id}`))?.status()).toBe(404);
  });
});
