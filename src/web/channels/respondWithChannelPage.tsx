import type { Context } from 'hono';
import { isAllowed } from '../../api/auth/permissions';
import { forOrganization } from '../../db/tenancy/scopes';
import type { WebDependencies } from '../webDependencies';
import type { WebEnv } from '../webEnv';
import { ChannelPage, type ChannelPageProps } from './ChannelPage';
import { loadChannelPage } from './loadChannelPage';

/** Answers for a channel that is not the organization's (or deleted, or not an id). */
export const channelNotFound = 'No channel with this id in your organization.';

/**
 * Renders a channel's page for the signed-in staff member (404 when the id names no channel of
 * their organization), with a flash, a connection check's answer or a form's refusal.
 */
export async function respondWithChannelPage(
  c: Context<WebEnv>,
  deps: WebDependencies,
  id: string,
  extra: Pick<ChannelPageProps, 'flash' | 'verified' | 'pairingForm'> = {},
  status: 200 | 400 | 409 | 503 = 200,
): Promise<Response> {
  const staff = c.get('staff');
  const em = forOrganization(deps.engine.orm.em, staff.organizationId);
  const data = await loadChannelPage(em, id, { publicUrl: deps.publicUrl, secretBox: deps.secretBox, now: new Date(deps.engine.clock.now()) });
  if (!data) return c.text(channelNotFound, 404);
  return c.html(<ChannelPage staff={staff} data={data} canManage={isAllowed(staff.role, 'channels:manage')} {...extra} />, status);
}
