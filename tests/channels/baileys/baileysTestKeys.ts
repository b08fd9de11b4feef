import { createSecretBox } from '../../../src/secrets/secretBox';
import { createLogger } from '../../../src/logging/createLogger';

/** The secret box every Baileys test seals with (also used by the lease test's child processes). */
export const testSecretBox = createSecretBox(Buffer.alloc(32, 7).toString('base64'));
export const silentLogger = createLogger('silent');
