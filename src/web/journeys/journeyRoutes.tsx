import { Hono } from 'hono';
import { z } from 'zod';
import { compileBlueprint } from '../../blueprints/compileBlueprint';
import { flowFileSchema, type FlowDocument } from '../../blueprints/flowSchema';
import { renderMermaid } from '../../blueprints/renderMermaid';
import { pickLanguage } from '../../blueprints/renderText';
import { scopedSql } from '../../db/tenancy/scopedSql';
import { forOrganization } from '../../db/tenancy/scopes';
import { isAllowed } from '../../api/auth/permissions';
import { requireAction } from '../auth/requireStaff';
import { Page } from '../layout/Page';
import { base, type WebEnv } from '../webEnv';
import type { WebDependencies } from '../webDependencies';

interface VersionRow { id: string; key: string; version: number; status: string; title: string; purpose: string | null; definition: unknown }

function JourneyContent({ doc }: { doc: FlowDocument }) {
  const lang = doc.blueprint.defaultLanguage;
  const text = (t: Record<string, string> | undefined) => (t ? pickLanguage(t, lang, lang) : '');
  return (
    <>
      {doc.phases.map((phase) => (
        <section class="card">
          <h3>{text(phase.title)} <span class="muted">({phase.key})</span></h3>
          <ol>
            {phase.touchpoints.map((tp) => (
              <li>
                <strong>{tp.key}</strong> <span class="badge">{tp.type}</span> {text(tp.text)}
                {'options' in tp && tp.options && (
                  <ul>{tp.options.map((o) => <li>{text(o.text)}{'correct' in o && o.correct ? ' ✓ (correct)' : ''}</li>)}</ul>
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  );
}

/** Blueprint versions: the list, and one version drawn as a Mermaid diagram with its content. */
export function journeyRoutes(deps: WebDependencies): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get(`${base}/journeys`, requireAction('blueprints:read'), async (c) => {
    const staff = c.get('staff');
    const versions = await scopedSql<Omit<VersionRow, 'definition' | 'purpose'>>(
      forOrganization(deps.engine.orm.em, staff.organizationId),
      'select id, key, version, status, title from journey_blueprints where organization_id = :organization_id order by key, version desc limit 500',
    );
    const canEdit = isAllowed(staff.role, 'blueprints:write');
    return c.html(
      <Page title="Journeys" staff={staff}>
        <p>
          {canEdit && <><a class="button" href={`${base}/journeys/editor`}>New flow</a>{' '}</>}
          <a href={`${base}/journeys/diff`}>Compare two versions</a>
        </p>
        <table aria-label="Blueprint versions">
          <thead><tr><th scope="col">Journey</th><th scope="col">Key</th><th scope="col">Version</th><th scope="col">Status</th>{canEdit && <th scope="col"><span class="muted">Edit</span></th>}</tr></thead>
          <tbody>
            {versions.map((v) => (
              <tr>
                <td><a href={`${base}/journeys/${v.id}`}>{v.title}</a></td><td>{v.key}</td><td>{v.version}</td><td>{v.status}</td>
                {canEdit && <td><a href={`${base}/journeys/editor?from=${v.id}`} aria-label={`Edit ${v.key} from version ${v.version}`}>Edit</a></td>}
              </tr>
            ))}
          </tbody>
        </table>
      </Page>,
    );
  });
  app.get(`${base}/journeys/:id`, requireAction('blueprints:read'), async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    if (!z.uuid().safeParse(id).success) return c.text('No journey version with this id in your organization.', 404);
    const [row] = await scopedSql<VersionRow>(
      forOrganization(deps.engine.orm.em, staff.organizationId),
      'select id, key, version, status, title, purpose, definition from journey_blueprints where organization_id = :organization_id and id = :id',
      { id },
    );
    if (!row) return c.text('No journey version with this id in your organization.', 404);
    const doc = flowFileSchema.parse(row.definition);
    const diagram = renderMermaid(compileBlueprint(doc, { versionId: row.id }), doc);
    return c.html(
      <Page title={`${row.title} · version ${row.version}`} staff={staff} scripts={[`${base}/assets/mermaid.min.js`, `${base}/assets/diagrams.js`]}>
        <p><span class="badge">{row.status}</span> {row.key} · {row.purpose ?? ''} · <a href={`${base}/simulator?blueprint=${row.id}`}>try it in the simulator</a>
          {isAllowed(staff.role, 'blueprints:write') && <> · <a href={`${base}/journeys/editor?from=${row.id}`}>edit</a></>}</p>
        <section class="card" aria-labelledby="h-diagram">
          <h2 id="h-diagram">Diagram</h2>
          <pre class="mermaid" aria-label={`State diagram of ${row.title}`}>{diagram}</pre>
        </section>
        <h2>Content</h2>
        <JourneyContent doc={doc} />
      </Page>,
    );
  });
  return app;
}
