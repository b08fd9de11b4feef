import { join } from 'node:path';
import type { Config } from './loadConfig';

/** Where inbound media files are kept (MEDIA_DIR, else DATA_DIR/media). */
export const mediaDirOf = (config: Config): string => config.MEDIA_DIR ?? join(config.DATA_DIR, 'media');

/** The inbound spool's folder (SPOOL_DIR, else DATA_DIR/inbound-spool). */
export const spoolDirOf = (config: Config): string => config.SPOOL_DIR ?? join(config.DATA_DIR, 'inbound-spool');

/** Base of the links and webhook URLs the API, the console and staff emails show (the listening address without PUBLIC_URL). */
export const publicBaseUrlOf = (config: Config): string => config.PUBLIC_URL?.replace(/\/$/, '') ?? `http://${config.HOST}:${config.PORT}`;
