import { describe, expect, it } from 'vitest';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();

describe('the history retention setting', () => {
  it('is set in days, refused below 30 or above 3650 naming the field, and cleared with null', async () => {
    const set = await world().admin('PATCH', '/v1/organization/settings', { historyRetentionDays: 400 });
    expect(set.json.settings).toMatchObject({ historyRetentionDays: 400 });
    for (const days of [7, 5000, 90.5, '90']) {
      const refused = await world().admin('PATCH', '/v1/organization/settings', { historyRetentionDays: days });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ field: 'historyRetentionDays' });
    }
    const cleared = await world().admin('PATCH', '/v1/organization/settings', { historyRetentionDays: null });
    expect(cleared.json.settings).not.toHaveProperty('historyRetentionDays');
  });
});
