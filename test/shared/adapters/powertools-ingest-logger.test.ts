import { jest } from '@jest/globals';
import { Logger } from '@aws-lambda-powertools/logger';
import { powertoolsIngestLogger } from '../../../shared/adapters/powertools-ingest-logger.js';
import { createJsonLogger } from '../../../shared/ingest/index.js';

it('writes ingestion log lines through the Powertools logger, under its service, at their level', () => {
  const logger = new Logger({ serviceName: 'ingest' });
  const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  const ingestLogger = powertoolsIngestLogger(logger);

  ingestLogger.log('info', 'validated', { uploadId: 'u1', centerId: 'C001', step: 'validate' });
  ingestLogger.log('error', 'merge failed', { uploadId: 'u2' });

  expect(info).toHaveBeenCalledWith('validated', { uploadId: 'u1', centerId: 'C001', step: 'validate' });
  expect(error).toHaveBeenCalledWith('merge failed', { uploadId: 'u2' });
});

it('keeps the ingestion counts as EMF lines dimensioned by center alone', () => {
  const lines: string[] = [];
  const ingestLogger = powertoolsIngestLogger(
    new Logger({ serviceName: 'ingest' }),
    createJsonLogger(
      (line) => lines.push(line),
      () => new Date(0),
    ),
  );

  ingestLogger.metrics({ UploadsFailed: 1 }, { centerId: 'C001' });

  const line = JSON.parse(lines[0]!) as {
    _aws: { CloudWatchMetrics: { Dimensions: string[][] }[] };
    UploadsFailed: number;
  };
  expect(line._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['centerId']]);
  expect(line.UploadsFailed).toBe(1);
});
