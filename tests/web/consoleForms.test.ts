// @module-tag browser
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSignedInAdmin } from '../support/useSignedInAdmin';
import { saveScreenshot, type WebWorld } from '../support/webWorld';

const signedIn = useSignedInAdmin(() => ({ flow: 'onboarding' }));
let world: WebWorld;
let admin: Page;
beforeAll(() => {
  ({ world, admin } = signedIn());
});

describe('segments, programs and staff from the console', () => {
  it('previews a rule\'s count, refuses a wrong rule next to the field, and creates the segment', async () => {
    for (const [name, site] of [['Ana', 'Nairobi'], ['Bo', 'Nairobi'], ['Cy', 'Mombasa']]) {
      const worker = await world.addWorker({ fullName: name });
      await world.sql(`update workers set attributes = :attributes where organization_id = :organization_id and id = :id`, { id: worker.id, attributes: JSON.stringify({ site }) });
    }
    await admin.goto(`${world.baseUrl}/coach/segments`);
    await admin.getByLabel('Name', { exact: true }).fill('Nairobi');
    await admin.getByLabel('Rule').fill('{"attribute": "site", "op": "is", "value": "Nairobi"}');
    await admin.getByRole('button', { name: 'Preview count' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByLabel('Rule').getAttribute('aria-invalid')).toBe('true');
    expect(await admin.locator('#f-rule-error').textContent()).toMatch(/^rule\.op: /);

    await admin.getByLabel('Rule').fill('{"attribute": "site", "op": "eq", "value": "Nairobi"}');
    await admin.getByRole('button', { name: 'Preview count' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByTestId('segment-preview').textContent()).toBe('The rule matches 2 workers now (2 active).');
    await admin.getByRole('button', { name: 'Create segment' }).click();
    await admin.waitForURL('**/coach/segments?created=Nairobi');
    expect(await admin.locator('tr', { hasText: 'Nairobi' }).locator('td').nth(2).textContent()).toBe('2');
  });

  it('creates a program with its journeys in order, activates it and enrolls one worker, a segment and a CSV', async () => {
    const dee = await world.addWorker({ fullName: 'Dee' });
    const eli = await world.addWorker({ fullName: 'Eli' });
    await admin.goto(`${world.baseUrl}/coach/programs`);
    await admin.getByRole('link', { name: 'New program' }).click();
    await admin.getByLabel('Name', { exact: true }).fill('January hires');
    await admin.getByLabel('Journeys in order').fill('onboarding\nno-such-journey');
    // The test clock reads 5 Jan 2026: a program that started the day before starts conversations at once.
    await admin.getByLabel('Start date (optional)').fill('2026-01-04');
    await admin.getByLabel('End date (optional)').fill('2026-01-01');
    await admin.getByRole('button', { name: 'Create program' }).click();
    await admin.waitForLoadState('domcontentloaded');
    // The API's schema refuses the dates first, next to the end date.
    expect(await admin.locator('#f-endDate-error').textContent()).toBe('must not be before startDate');
    await admin.getByLabel('End date (optional)').fill('2026-03-01');
    await admin.getByRole('button', { name: 'Create program' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByLabel('Journeys in order').getAttribute('aria-invalid')).toBe('true');
    expect(await admin.locator('#f-blueprints-error').textContent()).toContain('no-such-journey');
    await admin.getByLabel('Journeys in order').fill('onboarding');
    await admin.getByLabel('Nairobi').check();
    await admin.getByRole('button', { name: 'Create program' }).click();
    await admin.waitForURL(/\/coach\/programs\/[0-9a-f-]{36}\/manage\?flash=created$/);
    const programId = /programs\/([0-9a-f-]{36})/.exec(admin.url())?.[1] ?? '';
    expect(await admin.getByTestId('program-status').textContent()).toBe('draft');

    // Enrolling needs an active program: the API's refusal, word for word.
    await admin.getByLabel('One worker, by phone number').fill(dee.phoneNumber ?? '');
    await admin.getByRole('button', { name: 'Enroll this worker' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByRole('alert').textContent()).toBe(`The program is draft: activate it (POST /v1/programs/${programId}/activate) before enrolling`);

    await admin.getByRole('button', { name: 'Activate' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByTestId('program-status').textContent()).toBe('active');
    await admin.getByLabel('One worker, by phone number').fill('+19995550000');
    await admin.getByRole('button', { name: 'Enroll this worker' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.locator('#f-phoneNumber-error').textContent()).toBe('no worker of your organization has the number +19995550000');
    await admin.getByLabel('One worker, by phone number').fill(dee.phoneNumber ?? '');
    await admin.getByRole('button', { name: 'Enroll this worker' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByRole('status').textContent()).toBe('1 worker(s) newly enrolled; 1 conversation(s) started.');
    const assigned = async () => (await world.sql<{ worker_id: string }>('select worker_id from worker_assignments where organization_id = :organization_id and program_id = :program order by worker_id', { program: programId })).map((r) => r.worker_id);
    expect(await assigned()).toEqual([dee.id]);
    const [first] = await world.sql<{ n: number }>(`select count(*)::int as n from messages where organization_id = :organization_id and worker_id = :worker and direction = 'outbound'`, { worker: dee.id });
    expect(first.n).toBeGreaterThan(0);

    await admin.getByLabel('The active members of a segment').selectOption({ label: 'Nairobi' });
    await admin.getByRole('button', { name: 'Enroll this segment' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByRole('status').textContent()).toBe('2 worker(s) newly enrolled; 2 conversation(s) started.');

    // A CSV naming an unknown number enrolls nobody and names its line; the fixed file enrolls.
    const csv = (rows: string[]) => ({ name: 'workers.csv', mimeType: 'text/csv', buffer: Buffer.from(['phone_number', ...rows].join('\n')) });
    await admin.setInputFiles('#f-csv', csv([eli.phoneNumber ?? '', '+19995550001']));
    await admin.getByRole('button', { name: 'Enroll from the file' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.locator('#f-csv-error').textContent()).toBe('nobody was enrolled: line 3: no worker has the number +19995550001');
    await admin.setInputFiles('#f-csv', csv([eli.phoneNumber ?? '', dee.phoneNumber ?? '']));
    await admin.getByRole('button', { name: 'Enroll from the file' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByRole('status').textContent()).toBe('1 worker(s) newly enrolled; 1 conversation(s) started.');
    expect((await assigned()).length).toBe(4);
    await saveScreenshot(admin, 'program-manage');
  }, 90_000);

  it('invites a staff member, changes the role and deactivates them', async () => {
    await admin.goto(`${world.baseUrl}/coach/users`);
    await admin.getByLabel('Email').fill('not-an-email');
    await admin.getByRole('button', { name: 'Invite' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await admin.getByLabel('Email').fill('nia@example.test');
    await admin.getByLabel('Role', { exact: true }).selectOption('coach');
    await admin.getByLabel('Name (optional)').fill('Nia Coach');
    await admin.getByRole('button', { name: 'Invite' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByRole('status').textContent()).toBe('nia@example.test is invited as coach.');
    expect(await admin.getByTestId('invitation-link').textContent()).toMatch(/\/coach\/invitations\/[\w-]{43}$/);
    expect(await admin.locator('tr[data-user="nia@example.test"] td').nth(3).textContent()).toBe('invited');
    // The same address again: the API's neutral refusal next to the field.
    await admin.getByLabel('Email').fill('nia@example.test');
    await admin.getByRole('button', { name: 'Invite' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.locator('#f-email-error').textContent()).toBe('This address cannot be invited: use another email address for this person');

    await admin.getByLabel('Role of nia@example.test').selectOption('program_manager');
    await admin.locator('tr[data-user="nia@example.test"]').getByRole('button', { name: 'Change role' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByRole('status').textContent()).toBe('nia@example.test is now program manager.');
    await admin.getByRole('button', { name: 'Deactivate nia@example.test' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.locator('tr[data-user="nia@example.test"]').count()).toBe(0);
  });
});
