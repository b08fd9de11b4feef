import type { EntityManager } from '@mikro-orm/postgresql';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { exportBlueprintVersion } from '../../blueprintStore/exportBlueprintVersion';
import { storeFlowSource } from '../../blueprintStore/storeFlowSource';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { forOrganization } from '../../db/tenancy/scopes';
import { listExperimentKeys } from '../../experiments/listExperimentKeys';
import { requireAction } from '../auth/requireStaff';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';
import { checkFlowText, editorFile } from './checkFlowText';
import { FlowDiffPage } from './FlowDiffPage';
import { FlowEditorPage, type EditedVersion, type FlowEditorPageProps } from './FlowEditorPage';
import { starterFlow } from './starterFlow';

const uuid = z.uuid();
const notFound = 'No journey version with this id in your organization.';
const savedText: Record<string, (v: EditedVersion) => string> = {
  created: (v) => `Saved as ${v.status === 'published' ? 'published' : 'draft'} version ${v.version}.`,
  published: (v) => `Version ${v.version} is published: new enrollments get it.`,
  unchanged: (v) => `Nothing changed: version ${v.version} (${v.status}) already has this text.`,
};

/** Every version of one key (or of the organization), newest first. */
function listVersions(em: EntityManager, key?: string) {
  return scopedSql<EditedVersion & { title: string }>(
    em,
    `select id, key, version, status, title from journey_blueprints
      where organization_id = :organization_id and (:key::text is null or key = :key) order by key, version desc limit 500`,
    { key: key ?? null },
  );
}

/**
 * The flow editor (blueprints:write): open a version or a new flow, check the text as it is typed
 * (the validator of `flows validate` and of the API's upload), save as draft or publish through
 * the upload's own path (`storeFlowSource`); and the comparison of two versions (blueprints:read).
 */
export function flowEditorRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const em = (c: Context<WebEnv>) => forOrganization(deps.engine.orm.em, c.get('staff').organizationId);
  const render = async (c: Context<WebEnv>, props: Omit<FlowEditorPageProps, 'staff' | 'check' | 'siblings'>, status: 200 | 409 | 422 = 200) => {
    const check = await checkFlowText(em(c), props.source);
    const siblings = props.version ? await listVersions(em(c), props.version.key) : [];
    return c.html(<FlowEditorPage staff={c.get('staff')} check={check} siblings={siblings} {...props} />, status);
  };

  app.get(`${base}/journeys/editor`, requireAction('blueprints:write'), async (c) => {
    const from = c.req.query('from');
    if (from === undefined) return render(c, { source: starterFlow });
    if (!uuid.safeParse(from).success) return c.text(notFound, 404);
    const exported = await exportBlueprintVersion(em(c), { id: from });
    if (!exported) return c.text(notFound, 404);
    const version = { id: exported.id, key: exported.key, version: exported.version, status: exported.status };
    const saved = savedText[c.req.query('saved') ?? ''];
    return render(c, { source: exported.yaml, version, flash: saved ? { kind: 'notice', text: saved(version) } : undefined });
  });

  app.post(`${base}/journeys/editor/check`, requireAction('blueprints:write'), async (c) => c.json(await checkFlowText(em(c), await c.req.text())));

  app.post(`${base}/journeys/editor`, requireAction('blueprints:write'), async (c) => {
    const body = await c.req.parseBody();
    const source = typeof body.source === 'string' ? body.source : '';
    if (source.trim() === '') return render(c, { source, flash: { kind: 'alert', text: 'source: write the flow (YAML) or open a file first.' } }, 422);
    const staff = c.get('staff');
    const result = await storeFlowSource(em(c), source, { file: editorFile, experimentKeys: await listExperimentKeys(em(c)), publish: body.intent === 'publish', userId: staff.userId });
    if ('refused' in result) return render(c, { source, flash: { kind: 'alert', text: `Not saved: ${result.refused.message}` } }, result.refused.status);
    if (!result.ok) return render(c, { source, flash: { kind: 'alert', text: `Not saved: ${result.message}` } }, 422);
    deps.engine.logger.info({ blueprint: result.stored.key, version: result.stored.version, outcome: result.stored.outcome, by: staff.userId }, 'flow saved in the console editor');
    return c.redirect(`${base}/journeys/editor?from=${result.stored.id}&saved=${result.stored.outcome}`, 303);
  });

  app.get(`${base}/journeys/diff`, requireAction('blueprints:read'), async (c) => {
    const staff = c.get('staff');
    const versions = await listVersions(em(c));
    const [a, b] = [c.req.query('a'), c.req.query('b')];
    if (!a || !b) return c.html(<FlowDiffPage staff={staff} versions={versions} />);
    if (!uuid.safeParse(a).success || !uuid.safeParse(b).success) return c.text(notFound, 404);
    const older = await exportBlueprintVersion(em(c), { id: a });
    const newer = await exportBlueprintVersion(em(c), { id: b });
    if (!older || !newer) return c.text(notFound, 404);
    return c.html(<FlowDiffPage staff={staff} versions={versions} older={older} newer={newer} />);
  });
  return app;
}
