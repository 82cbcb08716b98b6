import type { InitializeHook, LoadHook } from 'node:module';

/**
 * Module customization hook, registered by `useGeneratedParks` (scale-parks.ts): serves a
 * generated parks configuration wherever `config/parks.json` is imported. The handlers read
 * their parks from that file at module load, as a Lambda bundle would from its own copy, so
 * the bench swaps the file's contents, not the code that reads it.
 */

let parksSource: string | undefined;

export const initialize: InitializeHook<{ parksSource: string }> = (data) => {
  parksSource = data.parksSource;
};

export const load: LoadHook = (url, context, nextLoad) => {
  if (parksSource !== undefined && new URL(url).pathname.endsWith('/config/parks.json')) {
    return { format: 'json', source: parksSource, shortCircuit: true };
  }
  return nextLoad(url, context);
};
