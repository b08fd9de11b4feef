import { pino, type DestinationStream, type Logger } from 'pino';
import { serializeError } from './serializeError';

/** Field names whose values never reach a log line, at any depth pino can redact. */
export const redactedPaths = [
  'authToken', '*.authToken', 'accessToken', '*.accessToken', 'appSecret', '*.appSecret',
  'secrets', '*.secrets', 'password', '*.password', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', 'apiKey', '*.apiKey',
];

/** Structured JSON logs on stdout (or a given stream, for tests that read them); errors under `err` or `error` without SQL values. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' }, serializers: { err: serializeError, error: serializeError } }, destination);
}
