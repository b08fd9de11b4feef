import type { EntityManager } from '@mikro-orm/postgresql';
import { asSystem } from '../db/tenancy/scopes';
import { restoreArchive } from '../history/restoreArchive';
import { RestoreRefusedError } from '../history/restoreRefused';
import { resolveOrganization } from './resolveOrganization';
import { namingPath, UsageError } from './runCommandLine';

export const historyUsage = `usage: npm run history -- <command>
  restore <file.csv> [--organization <id or name>]
                        streams an archive of the history job (DATA_DIR/archive/<organization>/*.csv)
                        back into messages; rows already there are skipped; with --organization,
                        a file holding another organization's rows is refused`;

/** `npm run history`: the message history's archive, back into the database. */
export async function runHistoryCommand(args: string[], options: { em: EntityManager; print: (text: string) => void }): Promise<number> {
  const [command, file, ...rest] = args;
  const [flag, organization, ...extra] = rest;
  if (command !== 'restore' || !file || file.startsWith('--') || extra.length > 0 || (flag !== undefined && (flag !== '--organization' || !organization))) {
    throw new UsageError(historyUsage);
  }
  let organizationId: string | undefined;
  if (organization) {
    const choice = await resolveOrganization(options.em, organization);
    if (!choice.ok) throw new UsageError(choice.message);
    organizationId = choice.id;
  }
  try {
    const restored = await restoreArchive(asSystem(options.em, 'CLI: restore a history archive'), file, organizationId);
    const created = restored.createdPartitions.length > 0 ? `; partitions created: ${restored.createdPartitions.join(', ')}` : '';
    options.print(
      `${file}: ${restored.rows} rows of ${restored.months.map((month) => month.slice(0, 7)).join(', ') || 'no month'}; ` +
        `${restored.inserted} restored, ${restored.rows - restored.inserted} already there${created}.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof RestoreRefusedError) throw new UsageError(`${file}, ${error.message}; nothing restored`);
    throw namingPath(error, file);
  }
}
