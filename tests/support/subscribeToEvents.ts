import type { EngineWorld } from './engineWorld';

/** A webhook endpoint of the world's organization subscribed to `types`: only events someone takes are written. */
export async function subscribeToEvents(world: Pick<EngineWorld, 'sql'>, types: readonly string[]): Promise<void> {
  await world.sql(
    `insert into webhook_endpoints (id, organization_id, url, events, secret_ciphertext)
     values (gen_random_uuid(), :organization_id, 'https://hooks.example/events', :types::text[], 'sealed')`,
    { types: `{${types.join(',')}}` },
  );
}
