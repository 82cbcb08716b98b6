import { register } from 'node:module';
import { type ParksConfig, ParksConfigSchema } from '../schemas/park-config.js';

/**
 * The synthetic province of the scale bench: `count` parks, configured as config/parks.json
 * configures 双牌, served to the handlers by scale-parks-hook.ts. This module must not import
 * core/parks.ts (directly or not): the hook only changes modules loaded after it.
 */

export const parkId = (index: number) => `bench-park-${String(index + 1).padStart(3, '0')}`;

export function generatedParks(count: number): ParksConfig {
  return ParksConfigSchema.parse({
    parks: Array.from({ length: count }, (_, index) => ({
      id: parkId(index),
      name: `规模测试园区${index + 1}`,
      county_code: '431123',
      concentration_basis: 'value_added',
      leading_industries: ['C20', 'C33'],
      targets: {},
    })),
  });
}

/** From now on, every import of config/parks.json in this process yields `config`. */
export function useGeneratedParks(config: ParksConfig): void {
  register('./scale-parks-hook.ts', import.meta.url, { data: { parksSource: JSON.stringify(config) } });
}
