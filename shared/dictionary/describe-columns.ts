/**
 * Reads the data dictionary back out of `RunRowSchema` (its zod checks and registry metadata) as plain column
 * descriptions, for the generated documentation, the CSV template and header matching.
 */
import type { z } from 'zod';
import { columnRegistry, type ColumnGroup, type ColumnKind } from './column-meta.js';
import { RunRowSchema, type ColumnName } from './run-row-schema.js';

export interface ColumnDescription {
  name: ColumnName;
  group: ColumnGroup;
  kind: ColumnKind;
  required: boolean;
  description: string;
  unit?: string;
  min?: number;
  max?: number;
  values?: readonly string[];
  valueLabels?: Readonly<Record<string, string>>;
  aliases: readonly string[];
  /** The zod schema that checks a typed value of this column (required or not, without the optional wrapper). */
  schema: z.ZodType;
}

interface Introspectable {
  def: { type: string };
  unwrap?: () => z.ZodType;
  minValue?: number | null;
  maxValue?: number | null;
  options?: readonly string[];
}

function describe(name: ColumnName, outer: z.ZodType): ColumnDescription {
  const o = outer as unknown as Introspectable;
  const required = o.def.type !== 'optional';
  const inner = required ? outer : o.unwrap!();
  const meta = columnRegistry.get(inner);
  if (!meta)
    throw new Error(`Data dictionary column "${name}" has no metadata; build it with a column helper.`);
  const i = inner as unknown as Introspectable;
  const description: ColumnDescription = {
    name,
    group: meta.group,
    kind: meta.kind,
    required,
    description: meta.description,
    aliases: meta.aliases ?? [],
    schema: inner,
  };
  if (meta.unit) description.unit = meta.unit;
  if (meta.valueLabels) description.valueLabels = meta.valueLabels;
  if (meta.kind === 'integer' || meta.kind === 'number') {
    if (typeof i.minValue === 'number') description.min = i.minValue;
    if (typeof i.maxValue === 'number') description.max = i.maxValue;
  }
  if (meta.kind === 'enum') description.values = i.options;
  return description;
}

/** Every column of the dictionary, in order, with its type, unit, range or values, and whether it is required. */
export const columns: readonly ColumnDescription[] = Object.entries(RunRowSchema.shape).map(
  ([name, schema]) => describe(name as ColumnName, schema as z.ZodType),
);

/** Column description by name. */
export const columnByName: ReadonlyMap<ColumnName, ColumnDescription> = new Map(
  columns.map((c) => [c.name, c]),
);

/** Normalises a header for matching: case, spaces, dashes, dots and underscores do not matter. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.()/]+/g, '');
}

const headerIndex = new Map<string, ColumnName>();
for (const column of columns) {
  for (const spelling of [column.name, ...column.aliases])
    headerIndex.set(normalizeHeader(spelling), column.name);
}

/** Resolves a file's header cell to a dictionary column, by name or documented alias; undefined if unknown. */
export function matchHeader(header: string): ColumnName | undefined {
  return headerIndex.get(normalizeHeader(header));
}
