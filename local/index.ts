export { formatExportLines, localEnv } from './local-env.js';
export { BUCKETS, QUEUES, TABLES, UPLOAD_NOTIFICATIONS } from './resources.js';
export {
  DEFAULT_HANDLERS,
  DEFAULT_PORTS,
  type LocalReportSchedule,
  type LocalStack,
  type LocalStackOptions,
  type LocalStackStats,
  startLocalStack,
} from './start-local-stack.js';
