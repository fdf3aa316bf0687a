/**
 * One IAM role per active center. A center can put objects under its own upload prefix and read its own
 * verdicts and reports, nothing else; onboarding is a change to shared/config/centers.json and a deploy. The role
 * trusts only the center's `uploader` principal from that file, which must pass the center's external id.
 */
import { Annotations, Duration, Stack } from 'aws-cdk-lib';
import { ArnPrincipal, PolicyDocument, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { registryItemKeys } from '../../shared/adapters/registry-item-keys.js';
import { type Center, isPlaceholderUploader } from '../../shared/config/centers.js';
import { keys } from '../../shared/config/resources.js';

export interface CenterAccessProps {
  readonly centers: readonly Center[];
  readonly uploads: { bucket: IBucket; key: IKey };
  readonly data: { bucket: IBucket; key: IKey };
  readonly reports: { bucket: IBucket; key: IKey };
  /** The registry table, its key and the index of the ledger by center (the center reads its own rows). */
  readonly ledger: { table: ITable; key: IKey; indexName: string };
}

/** The object key globs one center may touch. */
export function centerKeyPatterns(centerId: string): { upload: string; verdicts: string; reports: string } {
  const marker = '\u0000';
  return {
    upload: `${keys.uploadPrefix(centerId)}*`,
    verdicts: `${keys.validationPrefix(centerId, marker).split(marker)[0]!}*`,
    reports: `${keys.centerReportsPrefix(centerId)}*`,
  };
}

/** The role name for a center; predictable so the CLI and the runbook can build its ARN. */
export function centerRoleName(stackName: string, centerId: string): string {
  return `${stackName}-center-${centerId}`;
}

export class CenterAccess extends Construct {
  /** Roles by center id. */
  public readonly roles = new Map<string, Role>();

  public constructor(scope: Construct, id: string, props: CenterAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // KMS use only through S3 in this region: the role cannot decrypt anything by calling KMS directly.
    const viaS3 = { StringEquals: { 'kms:ViaService': `s3.${stack.region}.${stack.urlSuffix}` } };
    const viaDynamo = { StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.${stack.urlSuffix}` } };
    const { table } = props.ledger;

    for (const center of props.centers) {
      const patterns = centerKeyPatterns(center.id);
      // One action on the center's own objects of a bucket, and listing only those (the prefix and keys below it).
      const ownObjects = (
        sid: string,
        action: string,
        bucket: IBucket,
        pattern: string,
      ): PolicyStatement[] => [
        new PolicyStatement({ sid, actions: [action], resources: [bucket.arnForObjects(pattern)] }),
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': [pattern.slice(0, -1), pattern] } },
        }),
      ];
      const document = new PolicyDocument({
        statements: [
          ...ownObjects('PutOwnUploads', 's3:PutObject', props.uploads.bucket, patterns.upload),
          ...ownObjects('ReadOwnVerdicts', 's3:GetObject', props.data.bucket, patterns.verdicts),
          ...ownObjects('ReadOwnReports', 's3:GetObject', props.reports.bucket, patterns.reports),
          new PolicyStatement({
            sid: 'EncryptUploads',
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: [props.uploads.key.keyArn],
            conditions: viaS3,
          }),
          // `ecls upload` waits for, and `ecls status --center` shows, the center's own ledger rows and pointer:
          // items whose partition key is the center's (IAM's dynamodb:LeadingKeys), nothing of another center.
          new PolicyStatement({
            sid: 'ReadOwnLedger',
            actions: ['dynamodb:Query'],
            resources: [`${table.tableArn}/index/${props.ledger.indexName}`],
            conditions: {
              'ForAllValues:StringEquals': {
                'dynamodb:LeadingKeys': [registryItemKeys.uploadByCenter(center.id, '', '').gsi1pk],
              },
            },
          }),
          new PolicyStatement({
            sid: 'ReadOwnDataSetPointer',
            actions: ['dynamodb:GetItem'],
            resources: [table.tableArn],
            conditions: {
              'ForAllValues:StringEquals': {
                'dynamodb:LeadingKeys': [registryItemKeys.centerPartition(center.id)],
              },
            },
          }),
          new PolicyStatement({
            sid: 'DecryptOwnLedger',
            actions: ['kms:Decrypt'],
            resources: [props.ledger.key.keyArn],
            conditions: viaDynamo,
          }),
          new PolicyStatement({
            sid: 'DecryptOwnResults',
            actions: ['kms:Decrypt'],
            resources: [...new Set([props.data.key.keyArn, props.reports.key.keyArn])],
            conditions: viaS3,
          }),
        ],
      });
      const role = new Role(this, center.id, {
        roleName: centerRoleName(stack.stackName, center.id),
        description: `Upload role of center ${center.id} (${center.name})`,
        // Only the center's named uploader principal, and only with the external id agreed with the center.
        assumedBy: new ArnPrincipal(center.uploader.principalArn),
        externalIds: [center.uploader.externalId],
        maxSessionDuration: Duration.hours(1),
        inlinePolicies: { CenterAccess: document },
      });
      this.roles.set(center.id, role);
    }
    const placeholders = props.centers.filter((c) => isPlaceholderUploader(c.uploader)).map((c) => c.id);
    if (placeholders.length > 0) {
      Annotations.of(this).addWarningV2(
        'ecls:placeholder-uploaders',
        `${placeholders.length} center(s) (${placeholders.slice(0, 5).join(', ')}${placeholders.length > 5 ? ', …' : ''}) ` +
          'still have the placeholder uploader of the synthetic configuration; IAM will refuse their roles at ' +
          "deploy. Set each center's uploader.principalArn and externalId in shared/config/centers.json.",
      );
    }
  }
}
