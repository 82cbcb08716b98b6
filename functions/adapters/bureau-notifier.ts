import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** SigV4 presigned URLs live at most 7 days; the bureau gets the longest. */
export const LINK_EXPIRES_SECONDS = 7 * 24 * 60 * 60;

export interface SignedLink {
  key: string;
  url: string;
}

export interface SignedLinks {
  links: SignedLink[];
  /** When the links stop working: 7 days, or sooner when the signing credentials expire first. */
  expiresAt: Date;
}

/** Tells the county statistics bureau that a report was published. */
export interface BureauNotifier {
  /** Presigned GET URLs for the published objects; signing sends nothing. */
  links(keys: string[], now: Date): Promise<SignedLinks>;
  /** Publishes to the bureau topic; false (nothing sent) when no topic is configured. */
  notify(subject: string, message: string): Promise<boolean>;
}

export function createBureauNotifier(deps: {
  s3: S3Client;
  sns: SNSClient;
  reportsBucket: string;
  topicArn: string | undefined;
}): BureauNotifier {
  return {
    async links(keys, now) {
      const links = await Promise.all(
        keys.map(async (key) => ({
          key,
          url: await getSignedUrl(deps.s3, new GetObjectCommand({ Bucket: deps.reportsBucket, Key: key }), {
            expiresIn: LINK_EXPIRES_SECONDS,
          }),
        })),
      );
      // A URL signed with temporary credentials (a Lambda role's) dies with them, whatever
      // X-Amz-Expires says: the notice states the real end rather than promising 7 days.
      const { expiration } = await deps.s3.config.credentials();
      const full = now.getTime() + LINK_EXPIRES_SECONDS * 1000;
      const expiresAt = new Date(Math.min(full, expiration?.getTime() ?? full));
      return { links, expiresAt };
    },
    async notify(subject, message) {
      if (deps.topicArn === undefined || deps.topicArn === '') return false;
      await deps.sns.send(
        new PublishCommand({ TopicArn: deps.topicArn, Subject: subject, Message: message }),
      );
      return true;
    },
  };
}
