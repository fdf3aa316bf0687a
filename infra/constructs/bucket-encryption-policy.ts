/**
 * Bucket-policy statements that keep every object of a bucket under the bucket's own KMS key. A PUT without
 * encryption headers gets the bucket default (SSE-KMS with that key, bucket key on) and is allowed; a PUT that
 * asks for anything else (SSE-S3, SSE-C, SSE-KMS with another key or with the AWS managed `aws/s3` key) is denied.
 *
 * Each statement pairs its comparison with a `Null` check on the same header. A negated operator such as
 * StringNotEquals is true when the key is absent from the request, so without the `Null: false` guard a
 * header-less PUT would be denied too; with it, a statement can only match a request that sent the header.
 */
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';

/** The S3 request headers (as IAM condition keys) that choose an object's encryption. */
export const sseConditionKeys = {
  algorithm: 's3:x-amz-server-side-encryption',
  kmsKeyId: 's3:x-amz-server-side-encryption-aws-kms-key-id',
  customerAlgorithm: 's3:x-amz-server-side-encryption-customer-algorithm',
} as const;

/** The statements denying every `s3:PutObject` on the bucket that would not be encrypted with `key`. */
export function bucketKeyOnlyStatements(bucket: IBucket, key: IKey): PolicyStatement[] {
  const deny = (sid: string, conditions: Record<string, Record<string, string>>): PolicyStatement =>
    new PolicyStatement({
      sid,
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects('*')],
      conditions,
    });
  const { algorithm, kmsKeyId, customerAlgorithm } = sseConditionKeys;
  return [
    // SSE-S3 (AES256) or any algorithm other than SSE-KMS.
    deny('DenyEncryptionOtherThanKms', {
      Null: { [algorithm]: 'false' },
      StringNotEquals: { [algorithm]: 'aws:kms' },
    }),
    // SSE-KMS naming a key other than the bucket's.
    deny('DenyKmsKeyOtherThanBucketKey', {
      Null: { [kmsKeyId]: 'false' },
      StringNotEquals: { [kmsKeyId]: key.keyArn },
    }),
    // SSE-KMS without a key id: S3 would use the AWS managed aws/s3 key, not the bucket's.
    deny('DenyKmsWithoutBucketKeyId', {
      Null: { [algorithm]: 'false', [kmsKeyId]: 'true' },
    }),
    // SSE-C: the key would be the client's, outside KMS and its audit trail.
    deny('DenyCustomerProvidedKeys', {
      Null: { [customerAlgorithm]: 'false' },
    }),
  ];
}

/** Adds `bucketKeyOnlyStatements` to the bucket's policy. */
export function requireBucketKey(bucket: IBucket, key: IKey): void {
  for (const statement of bucketKeyOnlyStatements(bucket, key)) bucket.addToResourcePolicy(statement);
}
