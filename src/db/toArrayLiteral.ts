/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) for a bound parameter cast to an array type
 * (`:ids::uuid[]`, `unnest(:codes::text[])`): the driver would spread a JS array into a list.
 * Every element is quoted (commas, braces, quotes and backslashes survive); null is NULL.
 */
export function toArrayLiteral(values: ReadonlyArray<string | number | boolean | Date | null>): string {
  const elements = values.map((value) => {
    if (value === null) return 'NULL';
    const text = value instanceof Date ? value.toISOString() : String(value);
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${elements.join(',')}}`;
}
