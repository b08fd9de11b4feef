/**
 * SQL for a badge's name in the language held by the named parameter (`es-MX`, then `es`), else
 * its name in the flow's default language; `badge` is the alias of the `badges` row.
 */
export function badgeNameSql(badge: string, languageParameter: string): string {
  return `coalesce(${badge}.names ->> :${languageParameter}::text, ${badge}.names ->> split_part(:${languageParameter}::text, '-', 1), ${badge}.name)`;
}
