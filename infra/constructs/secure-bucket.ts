import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface SecureBucketProps {
  /** Bucket for S3 server access logs; omit only for the access-log bucket itself. */
  readonly accessLogs?: s3.IBucket;
  /** Keep old versions: every upload and every report revision stays recoverable. @default true */
  readonly versioned?: boolean;
  /** Days a non-current version (or, unversioned, an object) is kept. */
  readonly expireAfterDays: number;
  /** prod keeps the bucket and its data when the stack is deleted; dev empties and deletes it. */
  readonly retain: boolean;
}

/**
 * An S3 bucket with the project's defaults: all public access blocked, TLS 1.2+ only,
 * SSE-S3 encryption, bucket-owner-enforced ownership, versioning with a lifecycle for old
 * versions, unfinished multipart uploads cleaned up, server access logs.
 *
 * SSE-S3 rather than a KMS key: presigned POST uploads by enterprises would otherwise need
 * KMS permissions on the signer, and S3 server access logs can only be delivered to SSE-S3.
 */
export class SecureBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const versioned = props.versioned ?? true;
    const expiry = Duration.days(props.expireAfterDays);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned,
      lifecycleRules: [
        {
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          ...(versioned ? { noncurrentVersionExpiration: expiry } : { expiration: expiry }),
        },
      ],
      ...(props.accessLogs
        ? { serverAccessLogsBucket: props.accessLogs, serverAccessLogsPrefix: `${id.toLowerCase()}/` }
        : {}),
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.retain,
    });
  }
}
