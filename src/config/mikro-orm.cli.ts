import { loadConfigFromEnv } from './config';
import { ormOptions } from './mikro-orm.config';

/** Read only by the MikroORM CLI (npm run db:migration:create); the app builds its options from its config. */
export default ormOptions(loadConfigFromEnv(), true);
