import { StackConfigError } from './config.js';
import { createParkstatsApp } from './parkstats-app.js';

/**
 * `npx cdk synth|deploy -c stage=prod -c bureauEmails=a@x.cn,b@y.cn -c alarmEmail=ops@x.cn`.
 * A bad setting prints which key is wrong and exits 1, with no stack trace.
 */
try {
  createParkstatsApp().app.synth();
} catch (error) {
  if (!(error instanceof StackConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
