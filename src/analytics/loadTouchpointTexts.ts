import type { EntityManager } from '@mikro-orm/postgresql';
import type { LocalizedText } from '../blueprints/flowSchema';
import { pickLanguage } from '../blueprints/renderText';
import { scopedSql } from '../db/tenancy/scopedSql';

/** What a touchpoint asks and its options, in one language. */
export interface TouchpointText {
  blueprint: string;
  touchpoint: string;
  type: string;
  /** The journey's title. */
  journey: string;
  text: string;
  options: { id: string; text: string }[];
}

/**
 * The text and options of every touchpoint of a program's journeys in the organization's
 * language (else the journey's default language), from each journey's newest version, in play order.
 */
export async function loadTouchpointTexts(em: EntityManager, programId: string): Promise<TouchpointText[]> {
  const rows = await scopedSql<{ blueprint_key: string; touchpoint_key: string; type: string; title: string; body: { text?: LocalizedText; options?: { id: string; text: LocalizedText }[] }; language: string | null; fallback: string }>(
    em,
    `select * from (select distinct on (jb.key, t.key) jb.key as blueprint_key, t.key as touchpoint_key, c.type, jb.title, c.body,
            pb.order_in_program, ph.sequence_order as phase_order, t.sequence_order as tp_order,
            (select o.settings ->> 'defaultLanguage' from organizations o where o.id = :organization_id) as language,
            coalesce(jb.definition -> 'blueprint' ->> 'defaultLanguage', 'en') as fallback
       from program_blueprints pb
       join journey_blueprints first on first.id = pb.journey_blueprint_id
       join journey_blueprints jb on jb.organization_id = first.organization_id and jb.key = first.key
       join phases ph on ph.journey_blueprint_id = jb.id join touchpoints t on t.phase_id = ph.id join content c on c.id = t.content_id
      where pb.organization_id = :organization_id and pb.program_id = :program
      order by jb.key, t.key, jb.version desc) newest
      order by order_in_program, phase_order, tp_order`,
    { program: programId },
  );
  return rows.map((row) => {
    const language = row.language ?? row.fallback;
    const pick = (text: LocalizedText | undefined) => (text ? pickLanguage(text, text[language] ? language : language.split('-')[0], row.fallback) : '');
    const options = (row.body.options ?? []).map((option) => ({ id: option.id, text: pick(option.text) }));
    return { blueprint: row.blueprint_key, touchpoint: row.touchpoint_key, type: row.type, journey: row.title, text: pick(row.body.text), options };
  });
}
