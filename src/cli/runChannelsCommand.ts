import { UsageError } from './runCommandLine';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/postgresql';
import { resolveOrganization } from './resolveOrganization';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import { rekeySealedValues } from '../keyRotation/rekeySealedValues';
import type { SecretBox } from '../secrets/secretBox';
import { readSecretHints } from '../channelAdmin/channelSecretHints';
import { createChannel } from '../channelAdmin/createChannel';
import { readChannelHealth } from '../channelAdmin/readChannelHealth';
import { readChannelRow } from '../channelAdmin/readChannelRows';
import { onboardableKinds, type OnboardableKind } from '../channelAdmin/validateChannelConfig';
import { verifyChannel } from '../channelAdmin/verifyChannel';
import { viewChannel } from '../channelAdmin/viewChannel';
import { revokeRetiredSecrets } from '../channelAdmin/revokeRetiredSecrets';

/** What `npm run channels` needs from outside. */
export interface ChannelsCommandOptions {
  /** An unscoped EntityManager (the command picks the scope). */
  em: EntityManager;
  secretBox: SecretBox;
  /** PUBLIC_URL, for the webhook URLs `add` prints. */
  publicUrl?: string;
  twilioBaseUrl?: string;
  graphBaseUrl?: string;
  now: () => Date;
  /** Where output goes (console.log by default in the CLI). */
  print: (text: string) => void;
  /** Reads standard input, for `--secrets -`. */
  readStdin: () => Promise<string>;
}

export const channelsUsage = `usage: npm run channels -- <command>
  list [--org <organization id or name>] [--json]
  add --org <organization id or name> --kind twilio|cloud_api|baileys --name <name> --settings '<json>' [--secrets -]
      (secrets as JSON on standard input, so they stay out of the shell history)
  verify <channelId>
  health <channelId>
  revoke-retired <channelId>
      (refuses webhooks signed with the channel's replaced secrets now, before their grace period ends)
  rekey [--batch <rows>]
      (re-seals every secret with ENCRYPTION_KEY; keep the old key in ENCRYPTION_KEY_PREVIOUS until it is done)`;

interface ListRow {
  id: string;
  organization_id: string;
  kind: string;
  name: string;
  address: string;
  status: string;
}

function table(rows: ListRow[]): string {
  const head = ['id', 'organization', 'kind', 'status', 'address', 'name'];
  const lines = rows.map((r) => [r.id, r.organization_id, r.kind, r.status, r.address, r.name]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  return [head, ...lines].map((cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${what} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${what} must be a JSON object`);
  return Object.fromEntries(Object.entries(value));
}

async function organizationOf(em: EntityManager, channelId: string): Promise<string | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(channelId)) return undefined;
  const rows = await scopedSql<{ organization_id: string }>(asSystem(em, 'channels cli'), `select organization_id from channels where id = :id and status <> 'deleted'`, { id: channelId });
  return rows[0]?.organization_id;
}

/**
 * Runs one operator command (list, add, verify, health, revoke-retired, rekey) and answers the process exit code.
 * Output is JSON, or a short table for `list`; secrets are never printed.
 */
export async function runChannelsCommand(argv: string[], options: ChannelsCommandOptions): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { org: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, settings: { type: 'string' }, secrets: { type: 'string' }, json: { type: 'boolean' }, batch: { type: 'string' } },
  });
  const [command, channelId] = positionals;
  const out = (value: unknown) => options.print(JSON.stringify(value, null, 2));

  const choice = values.org ? await resolveOrganization(options.em, values.org) : undefined;
  if (choice && !choice.ok) {
    options.print(choice.message);
    return 1;
  }
  const organization = choice?.ok ? choice : undefined;
  if (organization?.note) options.print(organization.note);

  if (command === 'list') {
    const em = organization ? forOrganization(options.em, organization.id) : asSystem(options.em, 'channels cli');
    const rows = organization
      ? await scopedSql<ListRow>(em, `select id, organization_id, kind, name, address, status from channels where organization_id = :organization_id and status <> 'deleted' order by created_at`)
      : await scopedSql<ListRow>(em, `select id, organization_id, kind, name, address, status from channels where status <> 'deleted' order by organization_id, created_at`);
    options.print(values.json ? JSON.stringify(rows, null, 2) : table(rows));
    return 0;
  }

  if (command === 'add') {
    const kind = onboardableKinds.find((k) => k === values.kind);
    if (!organization || !kind || !values.name) {
      options.print(`add needs --org, --kind (${onboardableKinds.join(', ')}) and --name\n${channelsUsage}`);
      return 2;
    }
    const settings = parseJsonObject(values.settings ?? '{}', '--settings');
    const secrets = values.secrets === '-' ? parseJsonObject(await options.readStdin(), 'standard input') : {};
    if (values.secrets !== undefined && values.secrets !== '-') {
      options.print('--secrets takes only "-": pipe the secrets as JSON on standard input');
      return 2;
    }
    const em = forOrganization(options.em, organization.id);
    const created = await createChannel(em, { kind: kind satisfies OnboardableKind, name: values.name, settings, secrets }, options.secretBox, options.now());
    if (!created.ok) {
      options.print(created.message);
      return 1;
    }
    const row = await readChannelRow(em, created.id);
    if (!row) return 1;
    out(viewChannel(row, (await readSecretHints(em, [created.id])).get(created.id), { publicUrl: options.publicUrl, secretBox: options.secretBox }));
    return 0;
  }

  if (command === 'verify' || command === 'health' || command === 'revoke-retired') {
    const organizationId = channelId ? await organizationOf(options.em, channelId) : undefined;
    if (!channelId || !organizationId) {
      options.print(channelId ? `No channel has the id ${channelId}` : `${command} needs a channel id\n${channelsUsage}`);
      return channelId ? 1 : 2;
    }
    const em = forOrganization(options.em, organizationId);
    const row = await readChannelRow(em, channelId);
    if (!row) return 1;
    if (command === 'health') {
      out(await readChannelHealth(em, row, options.now()));
      return 0;
    }
    if (command === 'revoke-retired') {
      out({ revoked: await revokeRetiredSecrets(em, channelId, options.now()) });
      return 0;
    }
    const result = await verifyChannel(em, row, { secretBox: options.secretBox, twilioBaseUrl: options.twilioBaseUrl, graphBaseUrl: options.graphBaseUrl, now: options.now() });
    out(result);
    return result.ok ? 0 : 1;
  }

  if (command === 'rekey') {
    const batchSize = Number(values.batch ?? 500);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      options.print(`--batch must be a whole number of rows, at least 1\n${channelsUsage}`);
      return 2;
    }
    const counts = await rekeySealedValues(options.em, options.secretBox, { batchSize });
    const skipped = counts.reduce((sum, c) => sum + c.skipped, 0);
    out({ keyId: options.secretBox.activeKeyId, counts, done: skipped === 0 });
    if (skipped > 0) options.print(`${skipped} values changed while re-sealing: run rekey again`);
    return skipped === 0 ? 0 : 1;
  }

  options.print(channelsUsage);
  return 2;
}
