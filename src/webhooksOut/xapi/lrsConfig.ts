import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import type { SecretBox } from '../../secrets/secretBox';

/** The secret box context of an organization's LRS password. */
export const lrsSecretContext = (organizationId: string) => `lrs-password:${organizationId}`;

/** The organization's LRS as the API shows it (never the password). */
export interface LrsConfigView {
  /** The LRS's xAPI endpoint, e.g. https://lrs.example.com/xapi/ */
  endpoint: string;
  username: string;
  /** The organization's home page: the workers' xAPI accounts live under it. */
  homePage: string;
  /** Whether free text (typed answers, reflections) may leave in statements. */
  sendFreeText: boolean;
  enabled: boolean;
  updatedAt: string;
}

export interface LrsConfigInput {
  endpoint: string;
  username: string;
  /** Absent: the stored (sealed) password is kept. */
  password?: string;
  homePage: string;
  sendFreeText: boolean;
  enabled: boolean;
}

interface LrsRow {
  organization_id: string;
  endpoint: string;
  username: string;
  password_ciphertext: string;
  home_page: string;
  send_free_text: boolean;
  enabled: boolean;
  updated_at: Date;
}

function toView(row: LrsRow): LrsConfigView {
  return { endpoint: row.endpoint, username: row.username, homePage: row.home_page, sendFreeText: row.send_free_text, enabled: row.enabled, updatedAt: new Date(row.updated_at).toISOString() };
}

/**
 * Sets the organization's LRS (the password sealed with ENCRYPTION_KEY). Without a password it
 * changes the LRS set already, keeping its sealed password, and answers undefined when none is set.
 */
export async function saveLrsConfig(em: EntityManager, secretBox: SecretBox, organizationId: string, input: LrsConfigInput & { password: string }): Promise<LrsConfigView>;
export async function saveLrsConfig(em: EntityManager, secretBox: SecretBox, organizationId: string, input: LrsConfigInput): Promise<LrsConfigView | undefined>;
export async function saveLrsConfig(em: EntityManager, secretBox: SecretBox, organizationId: string, input: LrsConfigInput): Promise<LrsConfigView | undefined> {
  const { password, ...settings } = input;
  const [row] = password === undefined
    ? await scopedSql<LrsRow>(
        em,
        `update lrs_configs set endpoint = :endpoint, username = :username, home_page = :homePage, send_free_text = :sendFreeText, enabled = :enabled, updated_at = now()
          where organization_id = :organization_id returning *`,
        { ...settings },
      )
    : await scopedSql<LrsRow>(
        em,
        `insert into lrs_configs (organization_id, endpoint, username, password_ciphertext, home_page, send_free_text, enabled)
         values (:organization_id, :endpoint, :username, :sealed, :homePage, :sendFreeText, :enabled)
         on conflict (organization_id) do update set endpoint = excluded.endpoint, username = excluded.username,
           password_ciphertext = excluded.password_ciphertext, home_page = excluded.home_page,
           send_free_text = excluded.send_free_text, enabled = excluded.enabled, updated_at = now()
         returning *`,
        { ...settings, sealed: secretBox.seal({ password }, lrsSecretContext(organizationId)) },
      );
  return row && toView(row);
}

export async function readLrsConfig(em: EntityManager): Promise<LrsConfigView | undefined> {
  const [row] = await scopedSql<LrsRow>(em, `select * from lrs_configs where organization_id = :organization_id`);
  return row && toView(row);
}

/** Removes the LRS; statements not yet sent are dropped with it. Answers whether there was one. */
export async function deleteLrsConfig(em: EntityManager): Promise<boolean> {
  const rows = await scopedSql(em, `delete from lrs_configs where organization_id = :organization_id returning organization_id`);
  if (rows.length > 0) {
    await scopedSql(em, `delete from event_deliveries where organization_id = :organization_id and target = 'xapi' and status in ('pending', 'sending')`);
  }
  return rows.length > 0;
}

/** What the sender needs to reach the LRSs of some organizations (system scope). */
export interface LrsConnection {
  organizationId: string;
  endpoint: string;
  username: string;
  password: string;
  homePage: string;
  sendFreeText: boolean;
}

export async function loadLrsConnections(system: EntityManager, secretBox: SecretBox, organizationIds: string[]): Promise<Map<string, LrsConnection>> {
  const rows = await scopedSql<LrsRow>(system, `select * from lrs_configs where organization_id in (select (jsonb_array_elements_text(:ids::jsonb))::uuid)`, { ids: JSON.stringify(organizationIds) });
  return new Map(
    rows.map((row) => {
      const { password } = secretBox.open(row.password_ciphertext, lrsSecretContext(row.organization_id));
      return [row.organization_id, { organizationId: row.organization_id, endpoint: row.endpoint, username: row.username, password: String(password), homePage: row.home_page, sendFreeText: row.send_free_text }];
    }),
  );
}
