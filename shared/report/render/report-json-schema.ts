/**
 * The JSON Schema of `report.json`, generated from the zod schema that checks every report before it is
 * published (registry-report-schema.ts), so the published schema cannot drift from what is enforced.
 */
import { z } from 'zod';
import { RegistryReportSchema } from '../registry-report-schema.js';

let cached: string | undefined;

/**
 * `report.schema.json`: the JSON Schema of report.json as published, in draft-07 (which most validators read),
 * two-space indented with a final newline; the same text for every report of this software version.
 */
export function reportJsonSchema(): string {
  if (cached !== undefined) return cached;
  const { $schema, ...rest } = z.toJSONSchema(RegistryReportSchema, { io: 'output', target: 'draft-7' });
  cached = `${JSON.stringify(
    {
      $schema,
      title: 'ECLS Registry quarterly report (report.json)',
      description:
        'The report model as published: every count has been through small-cell suppression (a hidden count is {"value": null, "suppressed": true}).',
      ...rest,
    },
    null,
    2,
  )}\n`;
  return cached;
}
