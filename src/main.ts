import { startEngine } from './startEngine';

const engine = await startEngine(process.env);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    engine.logger.info({ signal }, 'shutting down');
    engine.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        engine.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
