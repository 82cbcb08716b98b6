// Shared setup of the unit project (vitest.config.ts). Unit tests need no global state yet.
export {};
