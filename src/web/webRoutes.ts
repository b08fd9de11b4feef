import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { refuseUnstorableText } from '../http/refuseUnstorableText';
import { assetRoutes } from './assets/assetRoutes';
import { broadcastRoutes } from './broadcasts/broadcastRoutes';
import { channelPairingRoutes } from './channels/channelPairingRoutes';
import { channelRoutes } from './channels/channelRoutes';
import { defaultSessionTtlMs, loginRoutes } from './auth/loginRoutes';
import { refuseCrossOrigin } from './auth/refuseCrossOrigin';
import { requireStaff } from './auth/requireStaff';
import { tokenLinkRoutes } from './auth/tokenLinkRoutes';
import { securePages } from './layout/securePages';
import { challengePageRoutes } from './gamification/challengePageRoutes';
import { gamificationPageRoutes } from './gamification/gamificationPageRoutes';
import { flowEditorRoutes } from './flowEditor/flowEditorRoutes';
import { inboxRoutes } from './inbox/inboxRoutes';
import { journeyRoutes } from './journeys/journeyRoutes';
import { marketplacePageRoutes } from './marketplace/marketplacePageRoutes';
import { experimentPageRoutes } from './experiments/experimentPageRoutes';
import { lrsPageRoutes } from './webhooks/lrsPageRoutes';
import { webhookRoutes } from './webhooks/webhookRoutes';
import { programFormRoutes } from './programs/programFormRoutes';
import { programRoutes } from './programs/programRoutes';
import { segmentPageRoutes } from './segments/segmentPageRoutes';
import { userPageRoutes } from './users/userPageRoutes';
import { simulatorRoutes } from './simulator/simulatorRoutes';
import { templateRoutes } from './templates/templateRoutes';
import { base, type WebEnv } from './webEnv';
import type { WebDependencies } from './webDependencies';
import { workerEventRoutes } from './workers/workerEventRoutes';
import { workerRoutes } from './workers/workerRoutes';

/** Console posts that carry a file: the flow editor's text, a CSV of workers to enroll. */
const largeBodyPaths = [new RegExp(`^${base}/journeys/editor(/check)?$`), new RegExp(`^${base}/programs/[0-9a-f-]{36}/enroll$`)];

/** Pages reached without a session: sign-in, the one-time links, and the static assets. */
const publicPaths = [`${base}/login`, `${base}/assets`, `${base}/invitations`, `${base}/password-reset`];

/**
 * The coach console under /coach: sign-in, workers, programs, journeys, broadcasts, the
 * simulator and channels, rendered on the server. Mount it at `/`. Every middleware is scoped to /coach so
 * that mounting it never touches the webhook or API routes.
 */
export function webRoutes(deps: WebDependencies): Hono<WebEnv> {
  if (deps.sessionSecret.length < 32) throw new Error('The console session secret must be at least 32 characters (SESSION_SECRET)');
  const app = new Hono<WebEnv>();
  // A form posted from another origin is refused before anything else (Origin / Sec-Fetch-Site).
  app.use(`${base}/*`, securePages());
  app.use(`${base}/*`, refuseCrossOrigin(deps.publicOrigin));
  // Console forms are small; the node server sets no limit of its own. A flow file (the editor)
  // or a CSV of workers may be as large as the API takes (1 MB).
  const formLimit = bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('This form is too large (64 KB at most).', 413) });
  const fileLimit = bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.text('This file is too large (1 MB at most).', 413) });
  app.use(`${base}/*`, (c, next) => (largeBodyPaths.some((path) => path.test(c.req.path)) ? fileLimit(c, next) : formLimit(c, next)));
  // Text PostgreSQL cannot store (U+0000, lone surrogates) and unreadable forms: 400, before any page reads them.
  app.use(`${base}/*`, refuseUnstorableText((c, problem) => c.text(`This form cannot be used: ${problem.message}.`, 400)));
  app.route('/', assetRoutes());
  const guard = requireStaff(deps);
  app.use(`${base}/*`, async (c, next) => {
    if (publicPaths.some((path) => c.req.path === path || c.req.path.startsWith(`${path}/`))) return next();
    return guard(c, next);
  });
  app.get(base, (c) => c.redirect(`${base}/workers`, 303));
  // The server's own address, as `npm start` prints it, opens the console (sign-in first).
  app.get('/', (c) => c.redirect(base, 303));
  app.route('/', loginRoutes(deps));
  app.route('/', tokenLinkRoutes(deps, deps.sessionTtlMs ?? defaultSessionTtlMs));
  app.route('/', workerEventRoutes(deps));
  app.route('/', workerRoutes(deps));
  app.route('/', programFormRoutes(deps));
  app.route('/', programRoutes(deps));
  app.route('/', segmentPageRoutes(deps));
  app.route('/', userPageRoutes(deps));
  app.route('/', inboxRoutes(deps));
  app.route('/', experimentPageRoutes(deps));
  app.route('/', gamificationPageRoutes(deps));
  app.route('/', challengePageRoutes(deps));
  app.route('/', flowEditorRoutes(deps));
  app.route('/', journeyRoutes(deps));
  app.route('/', marketplacePageRoutes(deps));
  app.route('/', broadcastRoutes(deps));
  app.route('/', simulatorRoutes(deps));
  app.route('/', templateRoutes(deps));
  app.route('/', channelRoutes(deps));
  app.route('/', channelPairingRoutes(deps));
  app.route('/', webhookRoutes(deps));
  app.route('/', lrsPageRoutes(deps));
  return app;
}
