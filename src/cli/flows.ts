import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateFlowFile } from '../blueprints/validateFlow';
import { formatIssue } from '../blueprints/flowIssue';
import { generateJsonSchema } from '../blueprints/generateJsonSchema';
import { compileBlueprint } from '../blueprints/compileBlueprint';
import { renderMermaid } from '../blueprints/renderMermaid';

const SCHEMA_FILE = 'flows/schema.json';
const USAGE = `usage: npm run flows -- <command>
  validate [paths...]   check flow files (default: flows/*.yaml); exit 1 on any error
  graph <file>          print a Mermaid state diagram of the compiled machine
  schema [--check]      write ${SCHEMA_FILE} from the zod schema (--check: fail if it is stale)`;

function flowFiles(paths: string[]): string[] {
  if (paths.length > 0) return paths;
  return readdirSync('flows')
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join('flows', f));
}

function validate(paths: string[]): number {
  let failed = 0;
  for (const file of flowFiles(paths)) {
    const result = validateFlowFile(file);
    for (const issue of result.issues) console.log(formatIssue(issue));
    const errors = result.issues.filter((i) => i.severity === 'error').length;
    const warnings = result.issues.length - errors;
    console.log(`${result.ok ? 'ok' : 'FAILED'} ${file} (${errors} error(s), ${warnings} warning(s))`);
    if (!result.ok) failed++;
  }
  return failed > 0 ? 1 : 0;
}

function graph(file: string | undefined): number {
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  const result = validateFlowFile(file);
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

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return validate(rest);
    case 'graph':
      return graph(rest[0]);
    case 'schema':
      return schema(rest.includes('--check'));
    default:
      console.error(USAGE);
      return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
