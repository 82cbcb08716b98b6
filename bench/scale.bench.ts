/**
 * `npm run bench:scale` — a synthetic province-like month through the local stack: 100,000
 * enterprises across 500 parks (200 each), every park's office uploading its rows as files
 * of 200 rows. The 500 parks are a generated config/parks.json served by a module hook
 * (scale-parks-hook.ts), so the handlers run unchanged; arguments override the shape, e.g.
 * `npx tsx bench/scale.bench.ts --parks 50 --enterprises-per-park 200` for a quick run.
 */

import { parseArgs } from 'node:util';
import { generatedParks, useGeneratedParks } from './scale-parks.js';

const { values } = parseArgs({
  options: {
    parks: { type: 'string', default: '500' },
    'enterprises-per-park': { type: 'string', default: '200' },
    'rows-per-file': { type: 'string', default: '200' },
  },
});
const count = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} 须为正整数 / must be a positive integer: ${values[name]}`);
    process.exit(2);
  }
  return value;
};

const parks = generatedParks(count('parks'));
useGeneratedParks(parks);
// Imported only now: the handlers' modules must load after the hook, to read the generated parks.
const { runScaleBench } = await import('./scale-run.js');
await runScaleBench({
  parks: parks.parks.map((park) => park.id),
  enterprisesPerPark: count('enterprises-per-park'),
  rowsPerFile: count('rows-per-file'),
});
