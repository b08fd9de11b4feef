import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { activateRuleVersion } from '../../gamification/activateRuleVersion';
import { backtestRules } from '../../gamification/backtestRules';
import { listWorkerLedger } from '../../gamification/listWorkerLedger';
import { loadActiveRules } from '../../gamification/loadActiveRules';
import { loadWorkerHistories } from '../../gamification/loadWorkerHistories';
import { parseRulesSource } from '../../gamification/parseRulesSource';
import { readOrganizationBoard } from '../../gamification/readOrganizationBoard';
import { readWorkerBalances } from '../../gamification/readWorkerBalances';
import { readWorkerStanding } from '../../gamification/readWorkerStanding';
import { reverseLedgerEntries } from '../../gamification/reverseLedgerEntries';
import { setLeaderboardDisplay } from '../../gamification/setLeaderboardDisplay';
import { storeRuleVersion } from '../../gamification/storeRuleVersion';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { errorResponse } from '../../http/httpErrors';
import type { ApiDependencies, ApiEnv } from '../apiTypes';
import { refuseUnknownFilterIds } from '../refuseUnknownFilterIds';
import { apiRoute } from '../openapi/apiRoute';
import { IdParams, jsonBody, jsonContent } from '../openapi/commonSchemas';
import { storableDate, storableInstant } from '../../time/storableDates';

const tags = ['Gamification'];
const Json = z.record(z.string(), z.unknown());
const RulesSource = z.object({ source: z.string().min(1).max(200_000).openapi({ description: 'The rules file, YAML or JSON (see the README, "Gamification")' }) });
const RulesIssues = z.object({ error: z.object({ code: z.string(), message: z.string(), field: z.string() }), issues: z.array(z.object({ path: z.string(), line: z.number(), column: z.number(), message: z.string() })) });
const LedgerEntrySchema = z.object({ id: z.string(), kind: z.string(), points: z.number(), programId: z.string().nullable(), occurredAt: z.string(), reversesId: z.string().nullable(), ruleVersion: z.number().nullable(), detail: Json }).openapi('LedgerEntry');
/** A ledger page cursor, `occurredAt|id` as nextCursor writes it: a time PostgreSQL can store and a UUID. */
function isLedgerCursor(text: string): boolean {
  const [at, id, ...rest] = text.split('|');
  return rest.length === 0 && storableInstant.safeParse(at).success && z.uuid().safeParse(id).success;
}
const LedgerQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().refine(isLedgerCursor, 'must be the nextCursor of a previous page').optional().openapi({ description: 'nextCursor of the previous page' }) });
export const BoardQuery = z.object({
  programId: z.uuid().optional(),
  segmentId: z.uuid().optional(),
  attribute: z.string().regex(/^[\w-]{1,50}:.{1,100}$/).optional().openapi({ description: 'A worker attribute and its value, e.g. `site:Store 14`' }),
  period: z.enum(['week', 'allTime']).default('week'),
  week: storableDate.optional().openapi({ description: "A day of the week (its Monday is taken); the organization's current week by default" }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const BoardSchema = z.object({ total: z.number(), rows: z.array(z.object({ rank: z.number(), workerId: z.string(), name: z.string().nullable(), points: z.number() })) }).openapi('Leaderboard');

const getRules = apiRoute('progress:read', { method: 'get', path: '/v1/gamification/rules', tags, summary: 'The active rules version (or the defaults) and every stored version', responses: { 200: jsonContent(z.object({ activeVersion: z.number().nullable(), rules: Json, versions: z.array(z.object({ version: z.number(), active: z.boolean(), createdAt: z.string() })) }), 'Rules') } });
const storeRules = apiRoute('organization:manage', { method: 'post', path: '/v1/gamification/rules', tags, summary: 'Store a rules file as the next version (not active yet)', request: jsonBody(RulesSource), responses: { 201: jsonContent(z.object({ version: z.number() }), 'Stored'), 422: jsonContent(RulesIssues, 'Every problem with its line, column and path') } });
const backtest = apiRoute('organization:manage', { method: 'post', path: '/v1/gamification/rules/backtest', tags, summary: 'Replay the ledger under a rules file: who gains or loses which badge, points moved', request: jsonBody(RulesSource), responses: { 200: jsonContent(z.object({ workers: z.number(), pointsMoved: z.number(), changed: z.array(z.object({ workerId: z.string(), pointsBefore: z.number(), pointsAfter: z.number(), gains: z.array(z.string()), losses: z.array(z.string()) })) }), 'The backtest'), 422: jsonContent(RulesIssues, 'Invalid rules') } });
const activate = apiRoute('organization:manage', { method: 'post', path: '/v1/gamification/rules/activate', tags, summary: 'Switch to a stored rules version', request: jsonBody(z.object({ version: z.number().int().min(1) })), responses: { 204: { description: 'Switched' } } });
const ledger = apiRoute('progress:read', { method: 'get', path: '/v1/workers/{id}/ledger', tags, summary: "A worker's ledger, newest first (keyset pages)", request: { params: IdParams, query: LedgerQuery }, responses: { 200: jsonContent(z.object({ entries: z.array(LedgerEntrySchema), nextCursor: z.string().nullable() }), 'A page') } }, { id: 'workers' });
const points = apiRoute('progress:read', { method: 'get', path: '/v1/workers/{id}/points', tags, summary: "A worker's balances per program and streak", request: { params: IdParams }, responses: { 200: jsonContent(z.object({ points: z.number(), balances: z.array(z.object({ programId: z.string().nullable(), points: z.number() })), streak: z.object({ current: z.number(), longest: z.number(), freezesLeft: z.number(), keptThisPeriod: z.boolean(), period: z.string() }) }), 'Standing') } }, { id: 'workers' });
const reverse = apiRoute('organization:manage', { method: 'post', path: '/v1/workers/{id}/ledger/reversals', tags, summary: 'Take entries back with compensating entries (an admin correction)', request: { params: IdParams, ...jsonBody(z.object({ entryIds: z.array(z.uuid()).min(1).max(500), reason: z.string().trim().min(1).max(500) })) }, responses: { 200: jsonContent(z.object({ reversed: z.number() }), 'Entries reversed now (an entry is reversed once)') } }, { id: 'workers' });
const display = apiRoute('workers:write', { method: 'put', path: '/v1/workers/{id}/leaderboard-display', tags, summary: 'How the worker appears on boards: named, anonymous or hidden', request: { params: IdParams, ...jsonBody(z.object({ display: z.enum(['named', 'anonymous', 'hidden']) })) }, responses: { 204: { description: 'Saved' } } }, { id: 'workers' });
const programSwitch = apiRoute('programs:write', { method: 'put', path: '/v1/programs/{id}/gamification', tags, summary: 'Switch points, badges and streaks on or off for a program', request: { params: IdParams, ...jsonBody(z.object({ enabled: z.boolean() })) }, responses: { 200: jsonContent(z.object({ enabled: z.boolean() }), 'Saved') } }, { id: 'programs' });
const board = apiRoute('progress:read', { method: 'get', path: '/v1/leaderboards', tags, summary: 'A leaderboard: ties share a rank; hidden workers left out, anonymous ones without a name', request: { query: BoardQuery }, responses: { 200: jsonContent(BoardSchema, 'The top of the board') } });

/** The gamification API: rules versions and their backtest, ledgers, balances, boards, the program switch. */
export function registerGamificationRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies) {
  const now = () => deps.engine.clock.now();
  const invalidRules = (issues: { path: string; line: number; column: number; message: string }[]) => ({
    error: { code: 'invalid_rules', message: `source: ${issues.length} problem(s), the first at line ${issues[0].line}: ${issues[0].path} ${issues[0].message}`, field: 'source' },
    issues,
  });

  app.openapi(getRules, async (c) => {
    const active = await loadActiveRules(c.get('em'));
    const versions = await scopedSql<{ version: number; active: boolean; created_at: Date }>(c.get('em'), 'select version, active, created_at from gamification_rule_versions where organization_id = :organization_id order by version');
    return c.json({ activeVersion: active.version, rules: active.rules, versions: versions.map((v) => ({ version: v.version, active: v.active, createdAt: new Date(v.created_at).toISOString() })) }, 200);
  });
  app.openapi(storeRules, async (c) => {
    const parsed = parseRulesSource(c.req.valid('json').source);
    if (!parsed.rules) return c.json(invalidRules(parsed.issues), 422);
    return c.json({ version: await storeRuleVersion(c.get('em'), parsed.rules) }, 201);
  });
  app.openapi(backtest, async (c) => {
    const parsed = parseRulesSource(c.req.valid('json').source);
    if (!parsed.rules) return c.json(invalidRules(parsed.issues), 422);
    const active = await loadActiveRules(c.get('em'));
    return c.json(backtestRules(active.rules, parsed.rules, await loadWorkerHistories(c.get('em')), now()), 200);
  });
  app.openapi(activate, async (c) => {
    const { version } = c.req.valid('json');
    const switched = await c.get('em').transactional((tx) => activateRuleVersion(tx, version, now()));
    if (!switched) return errorResponse(c, 404, 'not_found', `version: your organization has no rules version ${version}`, 'version');
    return c.body(null, 204);
  });
  app.openapi(ledger, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    return c.json(await listWorkerLedger(c.get('em'), c.req.valid('param').id, limit, cursor), 200);
  });
  app.openapi(points, async (c) => {
    const id = c.req.valid('param').id;
    const standing = await readWorkerStanding(c.get('em'), id, now());
    const { current, longest, freezesLeft, keptThisPeriod } = standing.streak;
    return c.json({ points: standing.points, balances: await readWorkerBalances(c.get('em'), id), streak: { current, longest, freezesLeft, keptThisPeriod, period: standing.period } }, 200);
  });
  app.openapi(reverse, async (c) => {
    const { entryIds, reason } = c.req.valid('json');
    const owned = await scopedSql<{ id: string }>(c.get('em'), `select id from gamification_ledger where organization_id = :organization_id and worker_id = :worker and id in (select (jsonb_array_elements_text(:ids::jsonb))::uuid)`, { worker: c.req.valid('param').id, ids: JSON.stringify(entryIds) });
    if (owned.length !== new Set(entryIds).size) return errorResponse(c, 404, 'not_found', "entryIds: an entry is not in this worker's ledger", 'entryIds');
    return c.json({ reversed: await reverseLedgerEntries(c.get('em'), { entryIds }, reason, now()) }, 200);
  });
  app.openapi(display, async (c) => {
    await setLeaderboardDisplay(c.get('em'), c.req.valid('param').id, c.req.valid('json').display);
    return c.body(null, 204);
  });
  app.openapi(programSwitch, async (c) => {
    const { enabled } = c.req.valid('json');
    await scopedSql(c.get('em'), 'update programs set gamification_enabled = :enabled where organization_id = :organization_id and id = :id', { id: c.req.valid('param').id, enabled });
    return c.json({ enabled }, 200);
  });
  app.openapi(board, async (c) => {
    const unknown = await refuseUnknownFilterIds(c, c.req.valid('query'), { programId: 'programs', segmentId: 'segments' });
    return unknown ?? c.json(await readOrganizationBoard(c.get('em'), c.req.valid('query'), now()), 200);
  });
}
