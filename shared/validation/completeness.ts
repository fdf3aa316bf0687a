/**
 * Completeness of the optional columns: filled cells over the cells where a value is expected. A blank that the
 * dictionary's own rules make expected is not missing: death_at for a survivor, iabp_start_at without an IABP,
 * outcome fields of a run still in progress, and the other half of an either/or pair (age or birth year; BMI or
 * height and weight). Counting those would make every good file look incomplete. A BMI the dictionary derives from
 * height and weight counts as given, as the report's data-quality dashboard counts it.
 */
import { columns, type ColumnDescription, type ColumnName, type RunRow } from '../dictionary/index.js';
import type { ColumnCompleteness } from './verdict-schema.js';

type Row = Partial<RunRow>;

const inProgress = (r: Row) => r.discharge_at === undefined;

/** When a blank cell of the column is expected (so not counted as missing). */
const blankExpected: Partial<Record<ColumnName, (row: Row) => boolean>> = {
  birth_year: (r) => r.age_years !== undefined,
  age_years: (r) => r.birth_year !== undefined,
  // A run with no body size at all is one gap, counted under bmi; height or weight alone is a gap of its own.
  height_cm: (r) => r.bmi !== undefined || r.weight_kg === undefined,
  weight_kg: (r) => r.bmi !== undefined || r.height_cm === undefined,
  iabp_start_at: (r) => r.iabp !== true,
  death_at: (r) => r.died_in_hospital !== true,
  discharge_at: () => true,
  ecmo_end_at: inProgress,
  died_in_hospital: inProgress,
  survived_ecmo: (r) => inProgress(r) && r.ecmo_end_at === undefined,
  ecmo_hours: (r) => r.ecmo_end_at === undefined,
  icu_days: inProgress,
  hospital_days: inProgress,
  ventilation_hours: (r) => inProgress(r) || r.pre_mechanical_ventilation === false,
  lactate_24h_mmol_l: (r) =>
    r.ecmo_end_at !== undefined &&
    r.ecmo_start_at !== undefined &&
    r.ecmo_end_at - r.ecmo_start_at < 24 * 3_600_000,
};

/** When a blank cell of the column counts as filled, because the dictionary derives the value from others. */
const derivable: Partial<Record<ColumnName, (row: Row) => boolean>> = {
  bmi: (r) => r.height_cm !== undefined && r.weight_kg !== undefined,
};

/** Counts filled and expected cells per column as rows stream by. */
export class CompletenessCounter {
  private readonly filled: Uint32Array;
  private readonly applicable: Uint32Array;
  private readonly names: ColumnName[];
  private readonly expectedBlank: (((row: Row) => boolean) | undefined)[];
  private readonly derived: (((row: Row) => boolean) | undefined)[];

  constructor(private readonly dictionary: readonly ColumnDescription[] = columns) {
    this.names = dictionary.map((c) => c.name);
    this.expectedBlank = dictionary.map((c) => blankExpected[c.name]);
    this.derived = dictionary.map((c) => derivable[c.name]);
    this.filled = new Uint32Array(dictionary.length);
    this.applicable = new Uint32Array(dictionary.length);
  }

  /**
   * Adds one typed row, given both as its values in dictionary order (read by index, which is fast) and as the
   * row object the blank-expected rules read.
   */
  add(values: readonly unknown[], row: Row): void {
    for (let i = 0; i < this.names.length; i++) {
      if (values[i] !== undefined || this.derived[i]?.(row) === true) {
        this.filled[i]!++;
        this.applicable[i]!++;
      } else {
        const expected = this.expectedBlank[i];
        if (expected === undefined || !expected(row)) this.applicable[i]!++;
      }
    }
  }

  /** Per-column completeness; `present` says which columns the file has. */
  byColumn(present: ReadonlySet<ColumnName>): ColumnCompleteness[] {
    return this.dictionary.map((c, i) => ({
      column: c.name,
      required: c.required,
      present: present.has(c.name),
      filled: this.filled[i]!,
      applicable: this.applicable[i]!,
      completeness: this.applicable[i] === 0 ? 1 : this.filled[i]! / this.applicable[i]!,
    }));
  }

  /** Completeness over the optional columns: all their filled cells over all their expected cells (1 if none). */
  overall(): number {
    let filled = 0;
    let applicable = 0;
    this.dictionary.forEach((c, i) => {
      if (c.required) return;
      filled += this.filled[i]!;
      applicable += this.applicable[i]!;
    });
    return applicable === 0 ? 1 : filled / applicable;
  }
}
