import { demoIds } from './demo/seedDemo';
import { startEngine } from './startEngine';

const engine = await startEngine(process.env);
if (engine.config.DEMO) {
  const chat = `curl -s -X POST ${engine.url}/console/${demoIds.consoleChannel}/messages -H 'authorization: Bearer ${engine.adminToken}' -H 'content-type: application/json' -d '{"from":"+15550000101","text":"1"}'`;
  const worker = '00000000-0000-4000-8000-000000000101';
  console.log(`
Coaching engine demo is running at ${engine.url}
  admin token:      ${engine.adminToken}${engine.config.ADMIN_TOKEN ? '' : ' (kept, sealed, with this database; set ADMIN_TOKEN to choose one)'}
  API key:          ${engine.demoApiKey ?? 'none: DEMO_API_KEY names a revoked key'} (org_admin of Acme Logistics${engine.config.DEMO_API_KEY ? '' : '; kept with this database unless revoked'})
  API docs:         ${engine.url}/docs
  coach console:    ${engine.url}/coach (sign in as admin@acme.example${engine.demoAdminLink ? `; set its password first: ${engine.demoAdminLink}` : ' with the password you set'})
  chat as a worker: npm run chat -- --url ${engine.url} --token ${engine.adminToken} --key ${engine.demoApiKey} --from +15550000101
  or with curl:     ${chat}
  conversation log: curl -s ${engine.url}/v1/workers/${worker}/messages -H 'authorization: Bearer ${engine.demoApiKey}'${engine.config.DATABASE_URL ? '' : `
  database:         psql ${engine.database.directUrl} (the embedded PostgreSQL 15, in ${engine.config.DATA_DIR}/postgres)`}
`);
}
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
