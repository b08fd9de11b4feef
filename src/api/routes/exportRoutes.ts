import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponse } from '../../http/httpErrors';
import { getProgram } from '../../programs/manageProgram';
import type { ApiEnv } from '../apiTypes';
import { exportQueries, type ExportKind } from '../exports/exportQueries';
import { streamCsvExport } from '../exports/streamCsvExport';
import { apiRoute } from '../openapi/apiRoute';

const kinds = Object.keys(exportQueries) as [ExportKind, ...ExportKind[]];

const exportRoute = apiRoute('exports:read', {
  method: 'get',
  path: '/v1/exports/{kind}',
  tags: ['Exports'],
  summary: 'A CSV export, streamed: progress, quiz-scores, reflections, well-being, question-results (every attempt at a quiz or question, texts in the organization language) or message-delivery (every message of a touchpoint and where it stands)',
  request: {
    params: z.object({ kind: z.enum(kinds).openapi({ param: { name: 'kind', in: 'path' } }) }),
    query: z.object({ programId: z.uuid().optional().openapi({ description: "Only this program's rows" }) }),
  },
  responses: { 200: { description: 'CSV (RFC 4180, UTF-8), read from the read replica when there is one (header `X-Replica-Lag-Seconds`: how far behind it was)', content: { 'text/csv': { schema: z.string() } } } },
});

/** CSV exports, streamed page by page (from the read replica when there is one). */
export function registerExportRoutes(app: OpenAPIHono<ApiEnv>) {
  app.openapi(exportRoute, async (c) => {
    const { kind } = c.req.valid('param');
    const { programId } = c.req.valid('query');
    // Another organization's program reads as unknown: refused as every filter is, never an empty file.
    if (programId && !(await getProgram(c.get('em'), programId))) return errorResponse(c, 400, 'unknown_program', `No program of your organization has the id ${programId}`, 'programId');
    const reads = c.get('reads');
    const lag = await reads.lagSeconds();
    const stream = streamCsvExport(reads.em, exportQueries[kind], programId);
    return c.body(stream, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${kind}.csv"`,
      ...(lag === null ? {} : { 'x-replica-lag-seconds': lag.toFixed(3) }),
    });
  });
}
