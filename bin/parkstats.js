#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx compiles on load, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every command that Node 20 is leaving its support window; the
// deployed Lambdas run Node 24, and a statistician's terminal is no place for that notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
await import('../cli/main.ts');
