/** A template's variables as its body writes them, for messages and the console: `{{1}}, {{2}}` (empty for none). */
export function formatPlaceholders(variables: string[]): string {
  return variables.map((name) => `{{${name}}}`).join(', ');
}
