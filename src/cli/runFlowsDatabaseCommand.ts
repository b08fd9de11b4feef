import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../config/loadConfig';
import { openDatabase } from '../db/openDatabase';
import { DataDirInUseError } from '../db/embedded/lockDataDir';
import { describeHeldDataDir } from './describeHeldDataDir';
import { migrateDatabase } from '../db/migrateDatabase';
import { forOrganization } from '../db/tenancy/scopes';
import { exportBlueprintVersion } from '../blueprintStore/exportBlueprintVersion';
import { importFlowFile } from '../blueprintStore/importFlowFile';
import { listExperimentKeys } from '../experiments/listExperimentKeys';
import { resolveOrganization } from './resolveOrganization';
import { describeStoredVersion } from './describeStoredVersion';
import { formatIssue } from '../blueprints/flowIssue';
import { compileBlueprint } from '../blueprints/compileBlueprint';
import { renderMermaid } from '../blueprints/renderMermaid';
import { connectionSettings } from '../config/connectionSettings';
import { validateFlowWithLibrary } from '../blueprintStore/validateFlowWithLibrary';
import { reportValidation } from './reportValidation';

/** Parsed `flows import` / `flows export` arguments. */
export type DatabaseCommand =
  | { command: 'import'; files: string[]; org: string; publish: boolean }
  | { command: 'validate'; files: string[]; org: string }
  | { command: 'export'; key: string; org: string; version?: number; out?: string }
  | { command: 'graph'; key: string; org: string; version?: number };

/** Runs an import, export, graph or validate against the configured database; returns the exit code. */
export async function runFlowsDatabaseCommand(args: DatabaseCommand): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase({ ...connectionSettings(config), poolSize: 2 }).catch((error: unknown) => {
    if (!(error instanceof DataDirInUseError)) throw error;
    return error;
  });
  if (database instanceof DataDirInUseError) {
    console.error(describeHeldDataDir(database.message, `http://${config.HOST}:${config.PORT}`, args));
    return 1;
  }
  try {
    await migrateDatabase(database);
    const organization = await resolveOrganization(database.orm.em, args.org);
    if (!organization.ok) {
      console.error(`error: ${organization.message}`);
      return 1;
    }
    if (organization.note) console.error(organization.note);
    const em = forOrganization(database.orm.em, organization.id);
    if (args.command === 'export' || args.command === 'graph') {
      const exported = await exportBlueprintVersion(em, { key: args.key, version: args.version });
      if (!exported) {
        console.error(`blueprint '${args.key}'${args.version ? ` version ${args.version}` : ''} not found in ${organization.name}`);
        return 1;
      }
      if (args.command === 'graph') process.stdout.write(renderMermaid(compileBlueprint(exported.document, { versionId: exported.id }), exported.document));
      else if (args.out) writeFileSync(args.out, exported.yaml);
      else process.stdout.write(exported.yaml);
      return 0;
    }
    let failed = 0;
    const experimentKeys = await listExperimentKeys(em);
    if (args.command === 'validate') {
      for (const file of args.files) if (!reportValidation(await validateFlowWithLibrary(em, readFileSync(file, 'utf8'), file, { experimentKeys }))) failed++;
      return failed > 0 ? 1 : 0;
    }
    for (const file of args.files) {
      const result = await importFlowFile(em, file, { publish: args.publish, experimentKeys });
      for (const issue of result.issues) console.log(formatIssue(issue));
      if (!result.ok) {
        console.log(`FAILED ${file}: not imported`);
        failed++;
        continue;
      }
      console.log(describeStoredVersion(file, result.stored, organization.name));
    }
    return failed > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}
