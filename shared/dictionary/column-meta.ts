/**
 * Column metadata carried on the data dictionary's zod schemas through a zod registry, so the schema itself stays
 * the single source of truth: validation, the generated docs/data-dictionary.md and the CSV template all read
 * the same definitions.
 */
import { z } from 'zod';

/** The dictionary's column groups, in the order STUDY.md lists them. */
export const columnGroups = [
  'identity',
  'demographics',
  'timing',
  'ecmo',
  'history',
  'pre-ECMO state',
  'during ECMO',
  'outcomes',
  'complications',
] as const;

export type ColumnGroup = (typeof columnGroups)[number];

/** How a raw CSV cell is read before the column's zod schema checks it. */
export type ColumnKind = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'datetime';

export interface ColumnMeta {
  group: ColumnGroup;
  kind: ColumnKind;
  description: string;
  unit?: string;
  /** Other header spellings accepted for this column (matched ignoring case, spaces, dashes and underscores). */
  aliases?: readonly string[];
  /** Labels for enum values, shown in the docs. */
  valueLabels?: Readonly<Record<string, string>>;
}

/** Registry mapping each column's (inner, non-optional) zod schema to its metadata. */
export const columnRegistry = z.registry<ColumnMeta>();

type Meta = Omit<ColumnMeta, 'kind'>;

/** A required or optional column: the inner schema is registered, the optional wrapper marks "not required". */
function column<T extends z.ZodType>(schema: T, meta: ColumnMeta, required: boolean) {
  columnRegistry.add(schema, meta);
  return required ? schema : schema.optional();
}

/** Free-text identifier column (trimmed, pattern-checked). */
export function textColumn(pattern: RegExp, patternHint: string, meta: Meta) {
  return column(z.string().regex(pattern, patternHint), { ...meta, kind: 'string' }, true);
}

/** Numeric column with an inclusive range; `integer` restricts to whole numbers. */
export function numberColumn<R extends boolean>(
  range: { min: number; max: number; integer?: boolean },
  meta: Meta,
  required: R,
) {
  const base = range.integer ? z.int() : z.number();
  return column(
    base.min(range.min).max(range.max),
    { ...meta, kind: range.integer ? 'integer' : 'number' },
    required,
  );
}

/** Yes/no column. */
export function booleanColumn<R extends boolean>(meta: Meta, required: R) {
  return column(z.boolean(), { ...meta, kind: 'boolean' }, required);
}

/** Column with a closed set of codes. */
export function enumColumn<const V extends readonly [string, ...string[]], R extends boolean>(
  values: V,
  meta: Meta,
  required: R,
) {
  return column(z.enum(values), { ...meta, kind: 'enum' }, required);
}

/** Date-time column, held as milliseconds since 1970 of the hospital's local wall-clock time (no time zone). */
export function dateTimeColumn<R extends boolean>(meta: Meta, required: R) {
  const earliest = Date.UTC(2000, 0, 1);
  const latest = Date.UTC(2100, 0, 1);
  return column(z.number().min(earliest).max(latest), { ...meta, kind: 'datetime' }, required);
}
