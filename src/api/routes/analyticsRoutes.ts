import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { analyticsFilterSchema } from '../../analytics/analyticsFilters';
import { loadProgramAnalytics } from '../../analytics/loadProgramAnalytics';
import { errorResponse } from '../../http/httpErrors';
import { refuseUnknownIds } from '../../programs/manageProgram';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonContent } from '../openapi/commonSchemas';

const count = z.number().int();
const MessageCounts = z.object({
  sent: count.openapi({ description: 'Messages that left (delivered and read included)' }),
  delivered: count,
  read: count,
  failed: count,
  queued: count.openapi({ description: 'Waiting for a send slot or a retry' }),
  heldQuietHours: count.openapi({ description: "Deferred to the end of the organization's quiet hours" }),
  heldWindowClosed: count.openapi({ description: 'Not sent: the 24-hour window was closed and no template fits' }),
  heldOther: count,
});
const Touchpoint = z.object({
  blueprint: z.string(),
  touchpoint: z.string(),
  type: z.string(),
  journey: z.string().openapi({ description: "The journey's title" }),
  text: z.string().openapi({ description: "What the touchpoint says or asks, in the organization's language" }),
  reached: count.openapi({ description: 'Workers whose message of this touchpoint was sent (not only queued or held)' }),
  completed: count.openapi({ description: 'Of those, workers who completed it' }),
  answered: count,
  firstTryCorrect: count,
  eventuallyCorrect: count,
  missed: count.openapi({ description: 'Quizzes closed without a right answer (attempts ran out, or timed out)' }),
  attemptsAverage: z.number().nullable().openapi({ description: 'Answers given per worker, one not understood included' }),
  attemptsMax: z.number().nullable(),
  medianSecondsToAnswer: z.number().nullable(),
  stoppedHere: count.openapi({ description: 'Enrolled workers not finished for whom this is the last touchpoint reached' }),
  stoppedForMedianSeconds: z.number().nullable().openapi({ description: 'Median seconds since their last activity' }),
  messages: MessageCounts,
  options: z.array(z.object({
    id: z.string(),
    text: z.string(),
    firstTry: count.openapi({ description: 'Workers whose first answer was this option' }),
    eventual: count.openapi({ description: 'Workers whose last answer was this option' }),
    share: z.number().nullable().openapi({ description: 'eventual out of the last answers with an option, 0–1' }),
  })),
});
const ProgramAnalytics = z
  .object({
    refreshedAt: z.string().nullable().openapi({ description: 'When the figures were computed; null: not yet (a program over 20,000 workers waits for the minute job)' }),
    enrolled: count.openapi({ description: 'Workers enrolled under the filters: the denominator of the funnel' }),
    completed: count,
    dropped: count.openapi({ description: 'Workers unenrolled (assignment dropped), counted apart from completion' }),
    touchpoints: z.array(Touchpoint).openapi({ description: "Every touchpoint of the program's journeys, in play order" }),
    delivery: z.array(MessageCounts.extend({ blueprint: z.string(), touchpoint: z.string(), channelKind: z.string() })),
    replicaLagSeconds: z.number().nullable().openapi({ description: 'Read from the read replica: how many seconds it was behind the primary; null: read from the primary' }),
  })
  .openapi('ProgramAnalytics');

const analyticsRoute = apiRoute(
  'progress:read',
  {
    method: 'get',
    path: '/v1/programs/{id}/analytics',
    tags: ['Programs'],
    summary: 'Funnel, per-question results, drop-off and message delivery, split by segment, worker attribute and date',
    request: {
      params: IdParams,
      // segmentId; attribute and value (a worker attribute such as site or team); from and to: days (UTC) touchpoints were reached.
      // (A plain zod schema, shared with the console: `.openapi()` exists only on schemas built after @hono/zod-openapi loaded.)
      query: analyticsFilterSchema,
    },
    responses: { 200: jsonContent(ProgramAnalytics, 'The figures') },
  },
  { id: 'programs' },
);

/** A program's analytics (the console's program page, as JSON). */
export function registerAnalyticsRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  app.openapi(analyticsRoute, async (c) => {
    const filters = c.req.valid('query');
    const unknownSegment = filters.segmentId ? await refuseUnknownIds(c.get('em'), { segmentIds: [filters.segmentId] }) : undefined;
    if (unknownSegment) return errorResponse(c, 400, unknownSegment.code, unknownSegment.message, 'segmentId');
    const figures = await loadProgramAnalytics(c.get('em'), c.req.valid('param').id, filters, new Date(deps.engine.clock.now()), c.get('reads'));
    return c.json({ ...figures, refreshedAt: figures.refreshedAt?.toISOString() ?? null }, 200);
  });
}
