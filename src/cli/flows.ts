import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { namingPath, runCommandLine, UsageError } from './runCommandLine';
import { validateFlowFile } from '../blueprints/validateFlow';
import { formatIssue } from '../blueprints/flowIssue';
import { reportValidation } from './reportValidation';
import { generateJsonSchema } from '../blueprints/generateJsonSchema';
import { compileBlueprint } from '../blueprints/compileBlueprint';
import { renderMermaid } from '../blueprints/renderMermaid';

const SCHEMA_FILE = 'flows/schema.json';
const USAGE = `usage: npm run flows -- <command>
  validate [paths...] [--org <id or name>]
                        check flow files or folders (default: flows/); exit 1 on any error;
                        with --org, library references (content: <key>) are checked against its library
  graph <file>          print a Mermaid state diagram of the compiled machine
  graph <key> --org <id or name> [--version N]
                        the same for a stored version (default: the latest)
  schema [--check]      write ${SCHEMA_FILE} from the zod schema (--check: fail if it is stale)
  import [paths...] --org <id or name> [--publish]
                        (paths: files or folders; default: flows/)
                        validate, then store as a new blueprint version (unchanged = no-op)
  export <key> --org <id or name> [--version N] [--out file]
                        print a stored version as flow YAML`;

/** The flow files of a folder: every *.yaml and *.yml in it, sorted. */
function filesIn(folder: string): string[] {
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(folder, f));
  if (files.length === 0) throw new UsageError(`${folder} holds no flow file (*.yaml, *.yml)`);
  return files;
}

/** Files named on the command line, folders expanded; none: the flows folder. */
function flowFiles(paths: string[]): string[] {
  return (paths.length > 0 ? paths : ['flows']).flatMap((path) => (statSync(path).isDirectory() ? filesIn(path) : [path]));
}

function validate(paths: string[]): number {
  const failed = flowFiles(paths).filter((file) => !reportValidation(validateFlowFile(file))).length;
  return failed > 0 ? 1 : 0;
}

function graph(file: string | undefined): number {
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  let result: ReturnType<typeof validateFlowFile>;
  try {
    result = validateFlowFile(file);
  } catch (error) {
    throw namingPath(error, file);
  }
  if (!result.ok || !result.doc) {
    for (const issue of result.issues) console.error(formatIssue(issue));
    return 1;
  }
  process.stdout.write(renderMermaid(compileBlueprint(result.doc), result.doc));
  return 0;
}

function schema(check: boolean): number {
  const text = generateJsonSchema();
  if (check) {
    let current = '';
    try {
      current = readFileSync(SCHEMA_FILE, 'utf8');
    } catch {
      current = '';
    }
    if (current !== text) {
      console.error(`${SCHEMA_FILE} is stale: run \`npm run flows -- schema\` and commit it`);
      return 1;
    }
    console.log(`${SCHEMA_FILE} is current`);
    return 0;
  }
  writeFileSync(SCHEMA_FILE, text);
  console.log(`wrote ${SCHEMA_FILE}`);
  return 0;
}

/** Value of `--name value`, and the arguments without it. */
function takeOption(args: string[], name: string): [string | undefined, string[]] {
  const at = args.indexOf(name);
  if (at < 0) return [undefined, args];
  return [args[at + 1], [...args.slice(0, at), ...args.slice(at + 2)]];
}

async function database(command: 'import' | 'export' | 'graph' | 'validate', args: string[]): Promise<number> {
  // Loaded on demand so that validate/graph/schema start without the ORM.
  const { runFlowsDatabaseCommand } = await import('./runFlowsDatabaseCommand');
  const [org, afterOrg] = takeOption(args, '--org');
  if (!org) {
    console.error(`${command} needs --org <organization id or name>\n${USAGE}`);
    return 2;
  }
  if (command === 'validate') return runFlowsDatabaseCommand({ command, org, files: flowFiles(afterOrg) });
  if (command === 'import') {
    const publish = afterOrg.includes('--publish');
    return runFlowsDatabaseCommand({ command, org, publish, files: flowFiles(afterOrg.filter((a) => a !== '--publish')) });
  }
  const [version, afterVersion] = takeOption(afterOrg, '--version');
  const [out, rest] = takeOption(afterVersion, '--out');
  if (!rest[0]) {
    console.error(USAGE);
    return 2;
  }
  const versionNumber = version ? Number(version) : undefined;
  if (command === 'graph') return runFlowsDatabaseCommand({ command, org, key: rest[0], version: versionNumber });
  return runFlowsDatabaseCommand({ command, org, key: rest[0], version: versionNumber, out });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'import':
    case 'export':
      return database(command, rest);
    case 'validate':
      return rest.includes('--org') ? database('validate', rest) : validate(rest);
    case 'graph':
      return rest.includes('--org') ? database('graph', rest) : graph(rest[0]);
    case 'schema':
      return schema(rest.includes('--check'));
    default:
      console.error(USAGE);
      return 2;
  }
}

await runCommandLine(() => main(process.argv.slice(2)));
