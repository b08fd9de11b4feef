import { Hono } from 'hono';
import { BoardQuery } from '../../api/routes/gamificationRoutes';
import { forOrganization } from '../../db/tenancy/scopes';
import { readOrganizationBoard } from '../../gamification/readOrganizationBoard';
import { requireAction } from '../auth/requireStaff';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { listFilterChoices } from '../workers/findWorkers';
import { LeaderboardPage } from './LeaderboardPage';

/** The leaderboard page: the same boards as `GET /v1/leaderboards`. */
export function gamificationPageRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get(`${base}/leaderboards`, requireAction('progress:read'), async (c) => {
    const staff = c.get('staff');
    const em = forOrganization(deps.engine.orm.em, staff.organizationId);
    // An empty select or input means "any".
    const given = Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ''));
    const parsed = BoardQuery.safeParse(given);
    const request = parsed.success ? parsed.data : BoardQuery.parse({});
    const problem = parsed.success ? undefined : `Not understood: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}. Showing this week's board of every program.`;
    const [board, choices] = await Promise.all([readOrganizationBoard(em, request, deps.engine.clock.now()), listFilterChoices(em)]);
    return c.html(<LeaderboardPage staff={staff} request={request} board={board} problem={problem} {...choices} />, parsed.success ? 200 : 400);
  });
  return app;
}
