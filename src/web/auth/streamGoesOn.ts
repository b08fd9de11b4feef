import type { SSEStreamingApi } from 'hono/streaming';
import { isAllowed, type ApiAction } from '../../api/auth/permissions';
import type { WebDependencies } from '../webDependencies';
import { readSessionRole, type Staff } from './staffSessions';

/**
 * Whether the loop of a console event stream goes on, asked before each round: the browser is
 * still there, the server is not shutting down, and the staff member's session is still live
 * with a role that may still do `action` (a removed user, a sign-out, a password reset or a
 * demotion ends the stream at the next round, not at the session's expiry). When the server or
 * the session ends it, a `bye` event tells the page not to reconnect.
 */
export async function streamGoesOn(stream: SSEStreamingApi, deps: WebDependencies, staff: Staff, action: ApiAction): Promise<boolean> {
  if (stream.aborted || stream.closed) return false;
  if (deps.shutdownSignal?.aborted) {
    await stream.writeSSE({ event: 'bye', data: 'server shutting down' });
    return false;
  }
  const role = await readSessionRole(deps.engine.orm.em, staff.sessionHash, deps.engine.clock.now());
  if (role && isAllowed(role, action)) return true;
  await stream.writeSSE({ event: 'bye', data: 'session ended' });
  return false;
}
