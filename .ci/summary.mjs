// Prints the plain closing line CI reads ("N passed, N failed") from vitest's JSON report.
// A failure before the tests ran (type-check, lint) counts as one failed test.
import { existsSync, readFileSync } from 'node:fs';

const [file, exitStatus] = process.argv.slice(2);
const status = Number(exitStatus ?? '1');
if (!file || !existsSync(file)) {
  console.log('0 passed, 1 failed');
  process.exit(status === 0 ? 1 : status);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
let failed = report.numFailedTests ?? 0;
// A suite that failed to load (syntax error, failed global setup) has no failed test: count it.
failed += (report.testResults ?? []).filter(
  (r) => r.status === 'failed' && r.assertionResults.length === 0,
).length;
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(status);
