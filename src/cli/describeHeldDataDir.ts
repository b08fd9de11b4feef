/** The flows command that needs the database (as runFlowsDatabaseCommand takes it). */
type HeldCommand =
  | { command: 'import'; files: string[]; org: string; publish: boolean }
  | { command: 'validate'; files: string[]; org: string }
  | { command: 'export' | 'graph'; key: string; org: string; out?: string };

/**
 * What to do when the engine (`npm start`) holds the embedded database's folder: the same
 * command through its API, with an API key of the organization (the demo prints one at start).
 */
export function describeHeldDataDir(held: string, engineUrl: string, args: HeldCommand): string {
  const auth = `-H 'authorization: Bearer <API key of ${args.org}>'`;
  const how =
    args.command === 'import' || args.command === 'validate'
      ? args.files.map((file) => `  curl -sS -X POST '${engineUrl}/v1/blueprints?publish=${String(args.command === 'import' && args.publish)}' ${auth} -H 'content-type: application/yaml' --data-binary @${file}`)
      : [
          `  curl -sS '${engineUrl}/v1/blueprints?key=${args.key}' ${auth}   # the versions and their ids`,
          `  curl -sS '${engineUrl}/v1/blueprints/<id>/export' ${auth}${args.command === 'export' && args.out ? ` -o ${args.out}` : ''}`,
        ];
  const consolePage = args.command === 'import' ? `${engineUrl}/coach/journeys/editor` : `${engineUrl}/coach/journeys`;
  return [
    `error: ${held}`,
    `The embedded database belongs to the running engine (npm start) while it runs, so this command cannot open it. Either stop the engine, or do it in the running engine:`,
    `  in the console: ${consolePage} (${args.command === 'import' ? 'open the file in the flow editor, then save as draft or publish' : 'every version, its diagram and its YAML in the flow editor'})`,
    `  or through its API (the same validation and versions):`,
    ...how,
  ].join('\n');
}
