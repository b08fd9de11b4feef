/** Why a restore did not happen; nothing of the file was restored. */
export class RestoreRefusedError extends Error {}

/** What is wrong with a line of an archive being restored, and where: its line (1 is the header) and column, if one. */
export class ArchiveLineError extends RestoreRefusedError {
  constructor(
    readonly line: number,
    readonly column: string | undefined,
    readonly problem: string,
  ) {
    super(`line ${line}${column ? `, column ${column}` : ''}: ${problem}`);
  }
}
