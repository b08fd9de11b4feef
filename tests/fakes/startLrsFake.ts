import type { Statement } from '@xapi/xapi';
import { sendJson, startRecordingServer, type RecordingServer } from './startRecordingServer';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const isIri = (value: unknown) => typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i.test(value);
const isLanguageMap = (value: unknown) =>
  typeof value === 'object' && value !== null && Object.entries(value).every(([tag, text]) => /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag) && typeof text === 'string');

/** What xAPI 1.0.3 requires of one statement (the parts this engine uses), as a list of problems. */
export function checkStatement(statement: Record<string, unknown>, index: number): string[] {
  const problems: string[] = [];
  const at = (path: string, problem: string) => problems.push(`statements[${index}].${path}: ${problem}`);
  if (typeof statement.id !== 'string' || !uuidPattern.test(statement.id)) at('id', 'must be a UUID');
  const actor = statement.actor as Record<string, unknown> | undefined;
  if (!actor) at('actor', 'is required');
  else {
    const identifiers = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((key) => key in actor);
    if (identifiers.length !== 1) at('actor', `must have exactly one inverse functional identifier, has ${identifiers.join(', ') || 'none'}`);
    const account = actor.account as Record<string, unknown> | undefined;
    if (account && (!isIri(account.homePage) || typeof account.name !== 'string')) at('actor.account', 'needs homePage (an IRL) and name');
    if (actor.objectType !== undefined && actor.objectType !== 'Agent') at('actor.objectType', 'must be Agent');
  }
  const verb = statement.verb as Record<string, unknown> | undefined;
  if (!verb || !isIri(verb.id)) at('verb.id', 'must be an IRI');
  if (verb?.display !== undefined && !isLanguageMap(verb.display)) at('verb.display', 'must be a language map');
  const object = statement.object as Record<string, unknown> | undefined;
  if (!object || !isIri(object.id)) at('object.id', 'must be an IRI');
  const definition = object?.definition as Record<string, unknown> | undefined;
  if (definition?.type !== undefined && !isIri(definition.type)) at('object.definition.type', 'must be an IRI');
  if (definition?.name !== undefined && !isLanguageMap(definition.name)) at('object.definition.name', 'must be a language map');
  const result = statement.result as Record<string, unknown> | undefined;
  const score = result?.score as Record<string, number> | undefined;
  if (score) {
    if (score.scaled !== undefined && (score.scaled < -1 || score.scaled > 1)) at('result.score.scaled', 'must be between -1 and 1');
    if (score.min !== undefined && score.max !== undefined && score.min >= score.max) at('result.score', 'min must be below max');
    if (score.raw !== undefined && ((score.min !== undefined && score.raw < score.min) || (score.max !== undefined && score.raw > score.max))) at('result.score.raw', 'must be between min and max');
  }
  if (result?.success !== undefined && typeof result.success !== 'boolean') at('result.success', 'must be a boolean');
  if (result?.response !== undefined && typeof result.response !== 'string') at('result.response', 'must be a string');
  if (statement.timestamp !== undefined && Number.isNaN(Date.parse(String(statement.timestamp)))) at('timestamp', 'must be ISO 8601');
  const parents = ((statement.context as Record<string, unknown> | undefined)?.contextActivities as Record<string, unknown> | undefined)?.parent;
  if (parents !== undefined && (!Array.isArray(parents) || parents.some((parent: Record<string, unknown>) => !isIri(parent.id)))) at('context.contextActivities.parent', 'must be activities with IRIs');
  return problems;
}

export interface LrsFake extends RecordingServer {
  /** Every statement accepted, in arrival order. */
  statements: Statement[];
  /** Answers the next `count` POSTs with this status. */
  failNext(count: number, status: number): void;
}

/**
 * A local learning record store: POST /xapi/statements with Basic auth and the 1.0.3 version
 * header; each statement is checked against the xAPI 1.0.3 rules (a batch with a problem is refused
 * with 400 listing them, as an LRS does); accepted ones are kept (by id: a repeat is stored once).
 */
export async function startLrsFake(credentials: { username: string; password: string }): Promise<LrsFake> {
  const statements: Statement[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  const expectedAuth = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const server = await startRecordingServer((request, response) => {
    if (failures.count > 0) {
      failures.count--;
      return sendJson(response, failures.status, { error: 'unavailable' });
    }
    if (request.method !== 'POST' || !request.path.startsWith('/xapi/statements')) return sendJson(response, 404, { error: 'not found' });
    if (request.headers.authorization !== expectedAuth) return sendJson(response, 401, { error: 'bad credentials' });
    if (request.headers['x-experience-api-version'] !== '1.0.3') return sendJson(response, 400, { error: 'X-Experience-API-Version must be 1.0.3' });
    const body = JSON.parse(request.rawBody) as Record<string, unknown>[];
    const batch = Array.isArray(body) ? body : [body];
    const problems = batch.flatMap(checkStatement);
    if (problems.length > 0) return sendJson(response, 400, { problems });
    for (const statement of batch) if (!statements.some((kept) => kept.id === statement.id)) statements.push(statement as unknown as Statement);
    return sendJson(response, 200, batch.map((statement) => statement.id));
  });
  return {
    ...server,
    statements,
    failNext(count, status) {
      failures = { count, status };
    },
  };
}
