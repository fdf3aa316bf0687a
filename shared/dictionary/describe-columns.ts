/**
 * Reads the data dictionary back out of `RunRowSchema` (its zod checks and registry metadata) as plain column
 * descriptions, for the generated documentation, the CSV template and header matching.
 */
import type { z } from 'zod';
import { columnRegistry, type ColumnGroup, type ColumnKind } from './column-meta.js';
import { columnTextZh } from './column-labels-zh.js';
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

/** The dictionary's own definitions contradict each other (a developer error, caught at start-up and by tests). */
export class DictionaryDefinitionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DictionaryDefinitionError';
  }
}

/**
 * Normalises a header for matching: case, spaces, dashes, dots, brackets, slashes and underscores do not matter,
 * and full-width forms read as their ASCII counterparts (NFKC), so `ＥＣＭＯ开始时间` and `身高（cm）` match too.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.()/]+/g, '');
}

/**
 * Every header spelling accepted for a column: its name, its aliases, its Chinese label and Chinese aliases, and
 * each Chinese spelling followed by the unit in brackets, in the dictionary's or the Chinese unit (`身高(cm)`,
 * `ECMO辅助时间(小时)`), as Chinese hospital systems write their field names.
 */
export function headerSpellings(column: ColumnDescription): string[] {
  const zh = columnTextZh[column.name];
  const chinese = [zh.label, ...(zh.aliases ?? [])];
  const units = [...new Set([column.unit, zh.unit].filter((u): u is string => u !== undefined))];
  return [
    column.name,
    ...column.aliases,
    ...chinese,
    ...chinese.flatMap((spelling) => units.map((unit) => `${spelling}(${unit})`)),
  ];
}

function buildHeaderIndex(): Map<string, ColumnName> {
  const index = new Map<string, ColumnName>();
  for (const column of columns) {
    for (const spelling of headerSpellings(column)) {
      const key = normalizeHeader(spelling);
      const other = index.get(key);
      if (other !== undefined && other !== column.name) {
        throw new DictionaryDefinitionError(
          `Header spelling "${spelling}" of column ${column.name} reads the same as one of ${other}; give one of them another label or alias in the data dictionary.`,
        );
      }
      index.set(key, column.name);
    }
  }
  return index;
}

const headerIndex = buildHeaderIndex();

/**
 * Resolves a file's header cell to a dictionary column, by name, documented alias or Chinese label (see
 * `headerSpellings`); undefined if unknown.
 */
export function matchHeader(header: string): ColumnName | undefined {
  return headerIndex.get(normalizeHeader(header));
}
