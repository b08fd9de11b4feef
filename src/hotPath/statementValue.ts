/** A value bound to a hot-path statement (dates as ISO timestamps, objects and arrays as JSON). */
export type StatementValue = string | number | boolean | Date | null | object;
/** A row a hot-path statement answers. */
export type StatementRow = Record<string, unknown>;
