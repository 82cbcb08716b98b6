import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * Structured JSON logs and CloudWatch EMF metrics, one instance per process.
 * Locally the service name and namespace are the same; POWERTOOLS_* variables override.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'parkstats' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Parkstats',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'parkstats',
});
