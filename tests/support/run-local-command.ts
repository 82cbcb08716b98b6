/**
 * Runs `parkstats local` through cli/commands/local.ts in this process, as the CLI
 * dispatcher does, without calling process.exit: the process ends only if the command left
 * nothing running. Usage: node --import tsx tests/support/run-local-command.ts [flags].
 */
import { run } from '../../cli/commands/local.js';

process.exitCode = await run(process.argv.slice(2));
