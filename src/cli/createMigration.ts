import { MikroORM } from '@mikro-orm/postgresql';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { migratorOf } from '../db/migratorOf';
import { migrationsPath, ormOptions } from '../db/ormOptions';

async function registerMigration(fileName: string) {
  const name = fileName.replace(/\.ts$/, '');
  const listFile = join(migrationsPath, 'migrationsList.ts');
  const source = await readFile(listFile, 'utf8');
  const withImport = source.replace(/(import \{ \w+ \} from '\.\/\w+';\n)(?!import \{ \w+ \} from)/, `$1import { ${name} } from './${name}';\n`);
  await writeFile(listFile, withImport.replace(/\n\];\n$/, `\n  { name: '${name}', class: ${name} },\n];\n`));
}

// Diffs the entities against the database at DATABASE_URL (migrated to the latest) and writes
// the difference as a new file under migrations/. Review it before committing.
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to a development database migrated to the latest version.');
  process.exit(1);
}
const orm = await MikroORM.init(ormOptions(url));
try {
  const result = await (await migratorOf(orm)).createMigration();
  if (result.fileName) {
    await registerMigration(result.fileName);
    console.log(`wrote migrations/${result.fileName} and listed it in migrations/migrationsList.ts`);
  } else {
    console.log('no changes: the schema matches the entities');
  }
} finally {
  await orm.close(true);
}
