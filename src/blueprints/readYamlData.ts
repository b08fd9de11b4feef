import { visit, type Document, type Node } from 'yaml';

/** Where an alias stands inside the node it names (`a: &x { b: *x }`): its offset in the source. */
function findCyclicAlias(document: Document): number | undefined {
  let offset: number | undefined;
  visit(document, {
    Alias(_, alias, path) {
      const target = alias.resolve(document);
      if (!target || !path.includes(target as Node)) return undefined;
      offset = alias.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/**
 * The data of a parsed YAML document, or why it cannot be read (with the offset of the fault in
 * the source, when known): an alias inside the node it names would make endless data (every
 * later walk of it would run until memory ran out), and the yaml library refuses an alias bomb
 * (more aliases expanded than its maxAliasCount) by throwing.
 */
export function readYamlData(document: Document): { data: unknown } | { error: string; offset: number } {
  const cyclic = findCyclicAlias(document);
  if (cyclic !== undefined) return { error: 'cannot be read: this alias stands inside the node its anchor names, which would repeat without end: copy the values instead', offset: cyclic };
  try {
    return { data: document.toJS() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: `cannot be read: ${message} (too many aliases expand)`, offset: 0 };
  }
}
