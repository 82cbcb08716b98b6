import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface PipelineFunctionProps {
  /** Absolute path of the handler module; it must export `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly environment: Record<string, string>;
  /** @default Duration.seconds(60) */
  readonly timeout?: Duration;
  /** @default 512 — CSV decoding is CPU bound and Lambda CPU scales with memory. */
  readonly memorySize?: number;
  readonly logRetention: logs.RetentionDays;
  /** What happens to the log group when the stack is deleted (kept in prod). */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * One parkstats Lambda with the shared defaults: Node 24 on arm64, an esbuild bundle that
 * is minified, ESM, with source maps enabled at run time, the AWS SDK v3 left to the runtime,
 * and a log group of its own with a retention.
 *
 * The function gets its own role with no managed policy: only write access to its own log
 * group, so every other permission in the template is an explicit `grant*` on a resource.
 */
export class PipelineFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(60),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'parkstats',
        POWERTOOLS_METRICS_NAMESPACE: 'Parkstats',
        ...props.environment,
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        metafile: true,
        // ESM builds prefer the packages' ESM entry points, which tree-shake better.
        mainFields: ['module', 'main'],
        externalModules: ['@aws-sdk/*'],
        // papaparse and a few other CommonJS dependencies call require() for Node builtins;
        // an ESM bundle has no require, so give it one.
        banner: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
      },
    });
  }
}
