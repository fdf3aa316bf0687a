/**
 * The one place that fixes the registry's Lambda defaults, and the helpers that give a function an environment
 * variable together with exactly the permission that variable implies (after the powertools-lambda-typescript
 * CDK example). Grants are written as explicit statements rather than CDK's `grantRead`/`grantWrite`, which use
 * wildcard actions (`s3:GetObject*`, `kms:GenerateDataKey*`) and whole-bucket resources.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal, type PolicyStatementProps } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Defaults every registry function gets; the ingest/report sizes are starting points until benchmarks resize them. */
export const registryFunctionDefaults = {
  runtime: Runtime.NODEJS_22_X,
  architecture: Architecture.ARM_64,
  memorySize: 1024,
  timeout: Duration.minutes(1),
  logRetention: RetentionDays.SIX_MONTHS,
  /** Powertools reads these; metrics go out as CloudWatch embedded metric format, so no PutMetricData grant. */
  serviceName: 'ecls-registry',
  metricsNamespace: 'EclsRegistry',
} as const;

export interface RegistryFunctionProps {
  /** Absolute path of the TypeScript handler; it must export `handler`. */
  readonly entry: string;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly description?: string;
}

/** A bucket grant: object reads and writes are limited to key patterns such as `curated/*`. */
export interface BucketBinding {
  readonly env: string;
  readonly bucket: IBucket;
  readonly key: IKey;
  readonly read?: readonly string[];
  readonly write?: readonly string[];
}

/**
 * A NodejsFunction with the registry's defaults: nodejs22.x on arm64, bundled by the local esbuild (never Docker)
 * as one ESM file, JSON logs into a log group with a fixed retention, X-Ray active tracing, and its own role that
 * can only write to its own log group until a `bind*` helper adds more.
 */
export class RegistryFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;

  public constructor(scope: Construct, id: string, props: RegistryFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: registryFunctionDefaults.logRetention,
      // Logs may carry upload metadata; keep them if the stack is removed, like the data.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An explicit role instead of AWSLambdaBasicExecutionRole, which may write to every log group in the account.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: registryFunctionDefaults.runtime,
      architecture: registryFunctionDefaults.architecture,
      memorySize: props.memorySize ?? registryFunctionDefaults.memorySize,
      timeout: props.timeout ?? registryFunctionDefaults.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: registryFunctionDefaults.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: registryFunctionDefaults.metricsNamespace,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Bundle the AWS SDK too: the versions in package-lock.json are the ones the tests ran against.
        externalModules: [],
        // Some CommonJS dependencies call require(); give them one inside the ESM bundle.
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
  }

  /** Sets `env` to the bucket name and allows GetObject/PutObject only on the given key patterns. */
  public bindBucket({ env, bucket, key, read = [], write = [] }: BucketBinding): void {
    this.function.addEnvironment(env, bucket.bucketName);
    if (read.length > 0) {
      this.allow({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: read.map((pattern) => bucket.arnForObjects(pattern)),
      });
      // Without ListBucket a missing key answers 403 instead of 404; the handlers rely on 404 for "first upload".
      this.allow({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] });
    }
    if (write.length > 0) {
      this.allow({
        actions: ['s3:PutObject'],
        resources: write.map((pattern) => bucket.arnForObjects(pattern)),
      });
    }
    const keyActions = write.length > 0 ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'];
    this.allow({ actions: keyActions, resources: [key.keyArn] });
  }

  /** Sets `env` to the table name and allows item reads (and writes) on the table and its one GSI. */
  public bindTable(
    env: string,
    table: ITable,
    key: IKey,
    gsiName: string,
    access: 'read' | 'readWrite',
  ): void {
    this.function.addEnvironment(env, table.tableName);
    const read = [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
    ];
    const write = [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    ];
    this.allow({
      actions: access === 'read' ? read : [...read, ...write],
      resources: [table.tableArn, `${table.tableArn}/index/${gsiName}`],
    });
    const keyActions =
      access === 'read'
        ? ['kms:Decrypt', 'kms:DescribeKey']
        : ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'];
    this.allow({ actions: keyActions, resources: [key.keyArn] });
  }

  /**
   * Allows UpdateItem on the table only for items whose partition key is one of `partitionKeys` (IAM's
   * `dynamodb:LeadingKeys`), with the data-key use a write needs. TransactWriteItems is authorised per item.
   */
  public bindTableItemWrites(table: ITable, key: IKey, partitionKeys: readonly string[]): void {
    this.allow({
      actions: ['dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...partitionKeys] } },
    });
    this.allow({ actions: ['kms:Encrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] });
  }

  /** Sets `env` to the queue URL and allows SendMessage on that queue only. */
  public bindQueueSender(env: string, queue: IQueue, key: IKey): void {
    this.function.addEnvironment(env, queue.queueUrl);
    this.allow({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] });
    this.allow({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] });
  }

  /**
   * Sets `env` to the topic ARN and allows sns:Publish on that topic only, with the data-key use SNS needs to
   * encrypt the message under the topic's KMS key.
   */
  public bindTopicPublisher(env: string, topic: ITopic, key: IKey): void {
    this.function.addEnvironment(env, topic.topicArn);
    this.allow({ actions: ['sns:Publish'], resources: [topic.topicArn] });
    this.allow({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] });
  }

  /** Makes the queue the function's trigger; failed records go back one by one (ReportBatchItemFailures). */
  public consumeQueue(
    queue: IQueue,
    options: { batchSize: number; maxBatchingWindow?: Duration; maxConcurrency: number },
  ): void {
    this.function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: options.batchSize,
        maxBatchingWindow: options.maxBatchingWindow,
        maxConcurrency: options.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
  }

  /** Adds one statement to the function's role: `actions` on `resources`, under `conditions` if any. */
  private allow(statement: PolicyStatementProps): void {
    this.role.addToPrincipalPolicy(new PolicyStatement(statement));
  }
}
