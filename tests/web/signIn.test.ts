// @module-tag browser
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createWorker } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { asSystem } from '../../src/db/tenancy/scopes';
import { issueUserLink } from '../../src/api/users/manageUsers';
import { createWebWorld, launchBrowser, signIn, TEST_PASSWORD, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let attacker: Server;
let attackerUrl: string;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding' });
  browser = await launchBrowser();
  // Another origin (same host, another port) serving a form that posts to the console.
  attacker = createServer((req, res) => {
    const target = decodeURIComponent(new URL(req.url ?? '/', 'http://x').searchParams.get('target') ?? '');
    res.setHeader('content-type', 'text/html');
    res.end(`<form id="f" method="post" action="${target}"><input name="paused" value="true"><input name="_csrf" value="guess"></form><script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((ready) => attacker.listen(0, '127.0.0.1', ready));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  if (attacker) await new Promise((done) => attacker.close(done));
  await world?.close();
  await db?.destroy();
});

describe('staff sign-in', () => {
  it('refuses a wrong password and an unknown email, and sends a page without a session to the sign-in form', async () => {
    await world.addStaff('coach', 'coach.bad@example.test');
    const { context, page } = await signIn(browser.browser, world.baseUrl, 'coach.bad@example.test', 'wrong password');
    expect(await page.getByRole('alert').textContent()).toBe('That email and password do not match an account.');
    expect(new URL(page.url()).pathname).toBe('/coach/login');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'coach_session')).toBeUndefined();
    const unknown = await page.request.post(`${world.baseUrl}/coach/login`, { form: { email: 'nobody@example.test', password: 'x' }, headers: { origin: world.baseUrl }, maxRedirects: 0 });
    expect(unknown.status()).toBe(401);

    await page.goto(`${world.baseUrl}/coach/workers`);
    expect(new URL(page.url()).pathname).toBe('/coach/login');
    await context.close();
  });

  it('signs in with a signed HttpOnly SameSite=Strict cookie, shows pages by role, and logs out', async () => {
    await world.addStaff('coach', 'coach.ok@example.test');
    const { context, page } = await signIn(browser.browser, world.baseUrl, 'coach.ok@example.test');
    expect(new URL(page.url()).pathname).toBe('/coach/workers');
    const cookie = (await context.cookies()).find((c) => c.name === 'coach_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.value).toMatch(/\./); // value.signature

    const nav = page.getByRole('navigation', { name: 'Sections' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Inbox', 'Workers', 'Segments', 'Programs', 'Experiments', 'Leaderboards', 'Challenges']);
    const simulator = await page.request.get(`${world.baseUrl}/coach/simulator`);
    expect(simulator.status()).toBe(403);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/coach/login');
    await page.goto(`${world.baseUrl}/coach/workers`);
    expect(new URL(page.url()).pathname).toBe('/coach/login');
    await context.close();
  });

  it('refuses a form posted from another origin, and a post without the form token', async () => {
    await world.addStaff('coach', 'coach.csrf@example.test');
    const worker = await world.addWorker({ fullName: 'Target Worker' });
    const { context, page } = await signIn(browser.browser, world.baseUrl, 'coach.csrf@example.test');
    const target = `${world.baseUrl}/coach/workers/${worker.id}/bot`;

    const refused = page.waitForResponse((r) => r.url() === target);
    await page.goto(`${attackerUrl}/?target=${encodeURIComponent(target)}`);
    const answer = await refused;
    expect(answer.status()).toBe(403);
    expect(await answer.text()).toContain('posted from another site');

    // Same origin but no form token: refused by the token check.
    const noToken = await page.request.post(target, { form: { paused: 'true' }, headers: { origin: world.baseUrl } });
    expect(noToken.status()).toBe(403);

    const [row] = await world.sql<{ bot_paused: boolean }>('select bot_paused from workers where organization_id = :organization_id and id = :id', { id: worker.id });
    expect(row.bot_paused).toBe(false);
    await context.close();
  });

  it('refuses an email after ten failed passwords, even with the right one, until the window has passed', async () => {
    await world.addStaff('coach', 'coach.guessed@example.test');
    const context = await browser.browser.newContext();
    const attempt = (password: string) =>
      context.request.post(`${world.baseUrl}/coach/login`, { form: { email: 'coach.guessed@example.test', password }, headers: { origin: world.baseUrl }, maxRedirects: 0 });
    for (let i = 0; i < 10; i++) expect((await attempt(`guess ${i}`)).status()).toBe(401);
    expect((await attempt(TEST_PASSWORD)).status()).toBe(429);
    world.clock.advance(16 * 60_000);
    expect((await attempt(TEST_PASSWORD)).status()).toBe(303);
    await context.close();
  });

  it("does not let a stranger's guesses lock the owner out: the email's limit is per client", async () => {
    await world.addStaff('coach', 'coach.targeted@example.test');
    const context = await browser.browser.newContext();
    const attempt = (email: string, password: string, client: string) =>
      context.request.post(`${world.baseUrl}/coach/login`, { form: { email, password }, headers: { origin: world.baseUrl, 'x-forwarded-for': client }, maxRedirects: 0 });
    for (let i = 0; i < 10; i++) expect((await attempt('coach.targeted@example.test', `guess ${i}`, '203.0.113.7')).status()).toBe(401);
    expect((await attempt('coach.targeted@example.test', TEST_PASSWORD, '203.0.113.7')).status()).toBe(429);
    expect((await attempt('coach.targeted@example.test', TEST_PASSWORD, '198.51.100.2')).status()).toBe(303);

    await context.close();
  });

  it('accepts an invitation link once, and a password reset signs out the other sessions', async () => {
    const [user] = await world.sql<{ id: string }>(
      `insert into users (organization_id, email, role, display_name) values (:organization_id, 'new.coach@example.test', 'coach', 'New Coach') returning id`,
    );
    // The link as the management API makes it for the invitation email.
    const { link } = await issueUserLink(world.em(), user.id, 'invitation', world.clock.now(), world.baseUrl);
    const context = await browser.browser.newContext();
    const page = await context.newPage();
    await page.goto(link);
    expect(await page.getByRole('main').textContent()).toContain('new.coach@example.test');
    await page.getByLabel('New password (at least 12 characters)').fill('a long new password');
    await page.getByLabel('The same password again').fill('a long new password');
    await page.getByRole('button', { name: 'Set my password and sign in' }).click();
    await page.waitForURL('**/coach/workers');
    expect(await page.locator('.who').textContent()).toContain('New Coach');
    const again = await page.goto(link);
    expect(again?.status()).toBe(404);
    await context.close();
    // A password reset signs out every open session of the user.
    const { context: before, page: beforePage } = await signIn(browser.browser, world.baseUrl, 'new.coach@example.test', 'a long new password');
    const { link: resetLink } = await issueUserLink(world.em(), user.id, 'password_reset', world.clock.now(), world.baseUrl);
    const reset = await browser.browser.newContext();
    const resetPage = await reset.newPage();
    await resetPage.goto(resetLink);
    await resetPage.getByLabel('New password (at least 12 characters)').fill('another long password');
    await resetPage.getByLabel('The same password again').fill('another long password');
    await resetPage.getByRole('button', { name: 'Save the password and sign in' }).click();
    await resetPage.waitForURL('**/coach/workers');
    await beforePage.goto(`${world.baseUrl}/coach/workers`);
    expect(new URL(beforePage.url()).pathname).toBe('/coach/login');
    await before.close();
    // Reset links work for an hour.
    const { link: expired } = await issueUserLink(world.em(), user.id, 'password_reset', world.clock.now() - 3_601_000, world.baseUrl);
    expect((await reset.request.get(expired)).status()).toBe(404);
    await reset.close();

    const { context: second, page: signedIn } = await signIn(browser.browser, world.baseUrl, 'new.coach@example.test', 'another long password');
    expect(new URL(signedIn.url()).pathname).toBe('/coach/workers');
    await second.close();
  });

  it("never shows one organization's worker to a coach of another", async () => {
    const other = await createOrganization(asSystem(db.orm.em, 'test setup'), 'Other Org');
    const theirs = await createWorker(asSystem(db.orm.em, 'test setup'), other.id, { fullName: 'Their Worker' });
    const ours = await world.addWorker({ fullName: 'Our Worker' });
    await world.addStaff('coach', 'coach.other@example.test', other.id);
    const { context, page } = await signIn(browser.browser, world.baseUrl, 'coach.other@example.test');
    const answer = await page.goto(`${world.baseUrl}/coach/workers/${ours.id}`);
    expect(answer?.status()).toBe(404);
    await page.goto(`${world.baseUrl}/coach/workers?q=Our`);
    expect(await page.getByRole('table', { name: 'Workers' }).textContent()).not.toContain('Our Worker');
    const own = await page.goto(`${world.baseUrl}/coach/workers/${theirs.id}`);
    expect(own?.status()).toBe(200);
    await context.close();

    // A manager of the other organization cannot open this one's program, journey, or reply/pause.
    await world.addStaff('org_admin', 'admin.other@example.test', other.id);
    const { context: admin, page: adminPage } = await signIn(browser.browser, world.baseUrl, 'admin.other@example.test');
    for (const path of [`/coach/programs/${world.program.id}`, `/coach/journeys/${world.blueprint.id}`]) {
      expect((await adminPage.goto(`${world.baseUrl}${path}`))?.status(), path).toBe(404);
    }
    await adminPage.goto(`${world.baseUrl}/coach/workers/${theirs.id}`);
    const csrf = await adminPage.locator('input[name=_csrf]').first().inputValue();
    const reply = await adminPage.request.post(`${world.baseUrl}/coach/workers/${ours.id}/reply`, { form: { _csrf: csrf, text: 'hello' }, headers: { origin: world.baseUrl }, maxRedirects: 0 });
    expect(reply.status()).toBe(404);
    await adminPage.request.post(`${world.baseUrl}/coach/workers/${ours.id}/bot`, { form: { _csrf: csrf, paused: 'true' }, headers: { origin: world.baseUrl }, maxRedirects: 0 });
    const [row] = await world.sql<{ bot_paused: boolean }>('select bot_paused from workers where organization_id = :organization_id and id = :id', { id: ours.id });
    expect(row.bot_paused).toBe(false);
    await adminPage.goto(`${world.baseUrl}/coach/simulator`);
    expect(await adminPage.locator('select#sim-blueprint option').count()).toBe(0);
    await adminPage.goto(`${world.baseUrl}/coach/journeys`);
    expect(await adminPage.getByRole('table', { name: 'Blueprint versions' }).locator('tbody tr').count()).toBe(0);
    await admin.close();
  });
});
