import parksJson from '../config/parks.json' with { type: 'json' };
import { type Park, type ParksConfig, ParksConfigSchema } from '../schemas/park-config.js';

export class ParkConfigError extends Error {}

/** Validates a parks configuration; the error names every offending field. */
export function parseParksConfig(raw: unknown): ParksConfig {
  const parsed = ParksConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ParkConfigError(`config/parks.json is invalid:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

/** The parks bundled with this build (config/parks.json), validated once at load. */
export const parks: ParksConfig = parseParksConfig(parksJson);

export function findPark(id: string, config: ParksConfig = parks): Park | undefined {
  return config.parks.find((p) => p.id === id);
}
