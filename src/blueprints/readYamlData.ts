import type { Document } from 'yaml';

/**
 * The data of a parsed YAML document, or why it cannot be read: the yaml library refuses an alias
 * bomb (more aliases expanded than its maxAliasCount) by throwing.
 */
export function readYamlData(document: Document): { data: unknown } | { error: string } {
  try {
    return { data: document.toJS() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: `cannot be read: ${message} (too many aliases expand)` };
  }
}
