import type { EntityManager } from '@mikro-orm/postgresql';
import { Document, isMap, isScalar, visit } from 'yaml';
import { Content } from '../db/entities/Content';
import { JourneyBlueprint } from '../db/entities/JourneyBlueprint';
import { Phase } from '../db/entities/Phase';
import { Touchpoint } from '../db/entities/Touchpoint';
import { flowFileSchema } from '../blueprints/flowSchema';
import type { FlowDocument } from '../blueprints/flowSchema';

/** Which stored version to export. */
export type ExportTarget = { id: string } | { key: string; /** Version number; defaults to the latest. */ version?: number };

/** An exported version: the document rebuilt from its rows, and its YAML. */
export type ExportedVersion = { id: string; key: string; version: number; status: string; document: FlowDocument; yaml: string };

/** Key order of a touchpoint in exported YAML (the order authors write them in). */
const TOUCHPOINT_KEYS = ['key', 'type', 'content', 'wait', 'media', 'text', 'labels', 'options', 'points', 'answers', 'feedback', 'template', 'reminders', 'timeout', 'rules'];

function ordered(record: Record<string, unknown>, order: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of order) if (record[name] !== undefined) out[name] = record[name];
  for (const [name, value] of Object.entries(record)) if (!(name in out) && value !== undefined) out[name] = value;
  return out;
}

/**
 * Rebuilds a stored blueprint version as a flow document and YAML: the header,
 * badges, awards and phase titles from the version's definition, the phases and
 * touchpoints from the phases, touchpoints (rule_logic) and content (body) rows. Library content
 * is written out with its `content:` key, so that the file imports into any organization.
 * Returns null when the version does not exist in the organization.
 *
 * @param em an EntityManager scoped with forOrganization()
 */
export async function exportBlueprintVersion(em: EntityManager, target: ExportTarget): Promise<ExportedVersion | null> {
  const row =
    'id' in target
      ? await em.findOne(JourneyBlueprint, { id: target.id })
      : target.version !== undefined
        ? await em.findOne(JourneyBlueprint, { key: target.key, version: target.version })
        : await em.findOne(JourneyBlueprint, { key: target.key }, { orderBy: { version: 'desc' } });
  if (!row) return null;
  const definition = flowFileSchema.parse(row.definition);
  const phases = await em.find(Phase, { journeyBlueprint: row.id }, { orderBy: { sequenceOrder: 'asc' } });
  const touchpoints = await em.find(Touchpoint, { phase: { $in: phases.map((p) => p.id) } }, { orderBy: { sequenceOrder: 'asc' } });
  // Only id and body: the export reads the same columns before and after the content library's migration.
  const contents = await em.find(Content, { id: { $in: touchpoints.map((t) => t.content) } }, { fields: ['id', 'body'] });
  const bodyOf = new Map(contents.map((c) => [c.id, c.body]));
  // A touchpoint that named its library key (or referenced library content) keeps it, written out in full.
  const libraryKeyOf = new Map(definition.phases.flatMap((phase) => phase.touchpoints.flatMap((t) => (t.content ? [[t.key, t.content] as const] : []))));

  const rebuilt = {
    $schema: definition.$schema,
    blueprint: definition.blueprint,
    badges: definition.badges,
    awards: definition.awards,
    phases: phases.map((phase) => ({
      key: phase.key,
      title: definition.phases.find((p) => p.key === phase.key)?.title ?? { [definition.blueprint.defaultLanguage]: phase.name },
      touchpoints: touchpoints
        .filter((t) => t.phase === phase.id)
        .map((t) => ({ key: t.key, ...(bodyOf.get(t.content) ?? {}), content: libraryKeyOf.get(t.key), ...(t.ruleLogic ?? {}) })),
    })),
  };
  const document = flowFileSchema.parse(rebuilt);
  const header = `# yaml-language-server: $schema=./schema.json\n# Exported from ${row.key} version ${row.version} (${row.status}).\n`;
  const { $schema: _schema, ...rest } = document;
  const body = {
    ...rest,
    phases: rest.phases.map((phase) => ({
      ...phase,
      touchpoints: phase.touchpoints.map((tp) => ordered({ ...tp }, TOUCHPOINT_KEYS)),
    })),
  };
  return { id: row.id, key: row.key, version: row.version, status: row.status, document, yaml: header + toFlowYaml(body) };
}

/** YAML as authors write it: localized texts and short lists of scalars on one line. */
function toFlowYaml(body: Record<string, unknown>): string {
  const yaml = new Document(body);
  visit(yaml, {
    Map(_, node) {
      const short = node.items.every((pair) => isScalar(pair.key) && /^[a-z]{2,3}(-[A-Z]{2})?$/.test(String(pair.key.value)) && isScalar(pair.value));
      const length = node.items.reduce((sum, pair) => sum + (isScalar(pair.value) ? String(pair.value.value).length : 0), 0);
      if (short && node.items.length > 0 && length <= 80) node.flow = true;
    },
    Seq(_, node) {
      if (node.items.length > 0 && node.items.every((item) => isScalar(item) && !isMap(item))) node.flow = true;
    },
  });
  return yaml.toString({ lineWidth: 0 });
}
