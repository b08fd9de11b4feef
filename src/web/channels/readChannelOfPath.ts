import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { readChannelRow, type ChannelRow } from '../../channelAdmin/readChannelRows';

const uuid = z.uuid();

/**
 * The organization's channel that a console path's `:id` names: undefined when the text is not
 * an id, or names another organization's channel or a deleted one (answer 404).
 * @param em an organization scope.
 */
export async function readChannelOfPath(em: EntityManager, id: string): Promise<ChannelRow | undefined> {
  return uuid.safeParse(id).success ? readChannelRow(em, id) : undefined;
}
