import { ormOptions } from './src/db/ormOptions';

// Used by the MikroORM CLI (`npm run migration:create`) against DATABASE_URL.
export default ormOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/coaching_dev');
