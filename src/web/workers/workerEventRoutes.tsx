import { isSequenceCursor } from '../../http/isSequenceCursor';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { forOrganization } from '../../db/tenancy/scopes';
import { requireAction } from '../auth/requireStaff';
import { streamGoesOn } from '../auth/streamGoesOn';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { Message } from './ChatThread';
import { listMessagesAfter } from './listMessagesAfter';

const pollMs = 1000;

/** A worker's new messages as server-sent events (the worker page follows them live). */
export function workerEventRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get(`${base}/workers/:id/events`, requireAction('conversations:read'), (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    if (!z.uuid().safeParse(id).success) return c.text('No worker with this id in your organization.', 404);
    const start = c.req.header('last-event-id') ?? c.req.query('after') ?? '';
    return streamSSE(c, async (stream) => {
      let after = isSequenceCursor(start) ? start : '0';
      while (await streamGoesOn(stream, deps, staff, 'conversations:read')) {
        // Scoped to the staff member's organization: another organization's worker has no messages here.
        for (const message of await listMessagesAfter(forOrganization(deps.engine.orm.em, staff.organizationId), id, after)) {
          await stream.writeSSE({ event: 'message', id: message.seq, data: await (<Message entry={message} timeZone={staff.timezone} />).toString() });
          after = message.seq;
        }
        await stream.sleep(pollMs);
      }
    });
  });
  return app;
}
