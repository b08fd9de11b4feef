import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { exportBlueprintVersion } from '../../blueprintStore/exportBlueprintVersion';
import { storeBlueprintVersion } from '../../blueprintStore/storeBlueprintVersion';
import { validateFlowWithLibrary } from '../../blueprintStore/validateFlowWithLibrary';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { listExperimentKeys } from '../../experiments/listExperimentKeys';
import { errorResponse } from '../../http/httpErrors';
import type { ApiEnv } from '../apiTypes';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonContent } from '../openapi/commonSchemas';

const tags = ['Blueprints'];
const VersionSchema = z.object({ id: z.uuid(), key: z.string(), version: z.number(), status: z.string(), title: z.string(), createdAt: z.string() }).openapi('BlueprintVersion');
const IssueSchema = z.object({ severity: z.enum(['error', 'warning']), code: z.string(), message: z.string(), line: z.number(), column: z.number(), path: z.string() });

const upload = apiRoute('blueprints:write', {
  method: 'post',
  path: '/v1/blueprints',
  tags,
  summary: 'Upload a flow file (YAML): validated, then stored as a new version (a file identical to a stored version is a no-op)',
  request: {
    query: z.object({ publish: z.enum(['true', 'false']).default('false').openapi({ description: 'Publish the version (published versions never change)' }) }),
    body: { content: { 'application/yaml': { schema: z.string().openapi({ description: 'The flow file (see flows/README.md)' }) } }, required: true },
  },
  responses: {
    201: jsonContent(
      z.object({
        id: z.uuid(),
        key: z.string(),
        version: z.number(),
        status: z.string(),
        outcome: z.enum(['created', 'published', 'unchanged']).openapi({ description: 'unchanged: identical to the stored version answered (any version, not only the latest); published: that identical draft was published' }),
        sameAs: z.number().optional().openapi({ description: 'created with publish=true: the older version with the same content, brought back as the newest' }),
        currentVersion: z.number().nullable().openapi({ description: 'The version new enrollments get (the latest published); null when none is published' }),
        warnings: z.array(IssueSchema),
      }),
      'Stored',
    ),
    422: jsonContent(z.object({ error: z.object({ code: z.string(), message: z.string() }), issues: z.array(IssueSchema) }), 'The validator found errors, each with line and column'),
  },
});
const list = apiRoute('blueprints:read', { method: 'get', path: '/v1/blueprints', tags, summary: 'Blueprint versions', request: { query: z.object({ key: z.string().max(100).optional() }) }, responses: { 200: jsonContent(z.object({ versions: z.array(VersionSchema) }), 'By key, newest version first') } });
const exportRoute = apiRoute('blueprints:read', { method: 'get', path: '/v1/blueprints/{id}/export', tags, summary: 'A stored version as flow YAML', request: { params: IdParams }, responses: { 200: { description: 'YAML', content: { 'application/yaml': { schema: z.string() } } } } }, { id: 'journey_blueprints' });

/** Blueprints: upload through the flow validator, versions, export. */
export function registerBlueprintRoutes(app: OpenAPIHono<ApiEnv>) {
  app.openapi(upload, async (c) => {
    const source = await c.req.text();
    if (!source.trim()) return errorResponse(c, 400, 'empty_flow', 'Send the flow file (YAML) as the body');
    const validation = await validateFlowWithLibrary(c.get('em'), source, 'upload.yaml', { experimentKeys: await listExperimentKeys(c.get('em')) });
    const issues = validation.issues.map(({ severity, code, message, line, column, path }) => ({ severity, code, message, line, column, path }));
    const doc = validation.doc;
    if (!validation.ok || !doc) {
      const errors = issues.filter((issue) => issue.severity === 'error');
      const first = errors[0];
      return c.json({ error: { code: 'invalid_flow', message: first ? `${errors.length} error(s); first at line ${first.line}:${first.column}: ${first.message}` : 'The flow does not validate' }, issues }, 422);
    }
    const stored = await c.get('em').transactional((tx) => storeBlueprintVersion(tx, doc, { publish: c.req.valid('query').publish === 'true', userId: c.get('caller').userId ?? null }));
    return c.json({ ...stored, warnings: issues.filter((issue) => issue.severity === 'warning') }, 201);
  });
  app.openapi(list, async (c) => {
    const rows = await scopedSql<{ id: string; key: string; version: number; status: string; title: string; created_at: Date }>(
      c.get('em'),
      `select id, key, version, status, title, created_at from journey_blueprints
        where organization_id = :organization_id and (:key::text is null or key = :key) order by key, version desc`,
      { key: c.req.valid('query').key ?? null },
    );
    return c.json({ versions: rows.map(({ created_at, ...row }) => ({ ...row, createdAt: new Date(created_at).toISOString() })) }, 200);
  });
  app.openapi(exportRoute, async (c) => {
    const exported = await exportBlueprintVersion(c.get('em'), { id: c.req.valid('param').id });
    if (!exported) return errorResponse(c, 404, 'blueprint_not_found', 'No blueprint version has this id');
    return c.body(exported.yaml, 200, { 'content-type': 'application/yaml; charset=utf-8' });
  });
}
