import { describe, expect, it } from 'vitest';
import { redeemUserToken } from '../../src/web/auth/redeemUserToken';
import { createStaffSession, findStaffSession } from '../../src/web/auth/staffSessions';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();

const tokenOf = (link: string) => link.split('/').at(-1) ?? '';

describe('staff users', () => {
  it('invites by a one-time link that the console redeems once, and issues reset links', async () => {
    const invited = await world().admin('POST', '/v1/users/invitations', { email: 'Coach@Example.test', role: 'coach' });
    expect(invited.status).toBe(201);
    expect(invited.json).toMatchObject({ emailed: false, user: { email: 'coach@example.test', role: 'coach', active: false } });
    const link = String(invited.json.link);
    expect(link).toMatch(/^https:\/\/coach\.example\.test\/coach\/invitations\/[\w-]{43}$/);
    const stored = await world().sql<{ token_hash: string }>(`select token_hash from user_tokens where organization_id = :organization_id`);
    expect(stored[0].token_hash).not.toContain(tokenOf(link));

    expect(await redeemUserToken(world().engine.orm.em, tokenOf(link), 'invitation', 'scrypt$hash', world().clock.now())).toBeDefined();
    expect(await redeemUserToken(world().engine.orm.em, tokenOf(link), 'invitation', 'scrypt$again', world().clock.now())).toBeUndefined();
    const users = (await world().call(world().a.keys.training_manager, 'GET', '/v1/users')).json.users as { email: string; active: boolean; id: string }[];
    const coach = users.find((u) => u.email === 'coach@example.test');
    expect(coach?.active).toBe(true);

    const reset = await world().admin('POST', `/v1/users/${coach?.id}/password-reset`);
    expect(String(reset.json.link)).toContain('/coach/password-reset/');
    expect((await world().admin('PATCH', `/v1/users/${coach?.id}`, { role: 'program_manager' })).json).toMatchObject({ role: 'program_manager' });

    // The console shows times in the coach's own timezone, else the organization's.
    expect((await world().admin('PATCH', `/v1/users/${coach?.id}`, { timezone: 'America/Lima' })).json).toMatchObject({ timezone: 'America/Lima' });
    const wrong = await world().admin('PATCH', `/v1/users/${coach?.id}`, { timezone: 'Mars/Olympus' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error).toMatchObject({ field: 'timezone' });
    const sessionId = await createStaffSession(world().engine.orm.em, { id: coach?.id ?? '', organizationId: world().a.id }, world().clock.now(), 60_000);
    expect((await findStaffSession(world().engine.orm.em, sessionId, world().clock.now()))?.timezone).toBe('America/Lima');
    // An address already in use answers the same whether it is this organization's or another's.
    const ours = await world().admin('POST', '/v1/users/invitations', { email: 'coach@example.test', role: 'coach' });
    expect(ours.status).toBe(409);
    expect(ours.json.error).toMatchObject({ code: 'email_unavailable', field: 'email' });
    const theirsEmail = 'their.staff@example.test';
    expect((await world().call(world().b.keys.org_admin, 'POST', '/v1/users/invitations', { email: theirsEmail, role: 'coach' })).status).toBe(201);
    const theirs = await world().admin('POST', '/v1/users/invitations', { email: theirsEmail, role: 'coach' });
    expect(theirs.status).toBe(409);
    expect(theirs.json).toEqual({ error: { ...(ours.json.error as object) } });
    expect(JSON.stringify(theirs.json)).not.toContain(theirsEmail);
    expect((await world().call(world().a.keys.training_manager, 'POST', '/v1/users/invitations', { email: 'x@example.test', role: 'org_admin' })).status).toBe(403);
  });
});
