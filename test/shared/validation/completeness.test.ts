import { columns, type RunRow } from '../../../shared/dictionary/index.js';
import { CompletenessCounter } from '../../../shared/validation/completeness.js';

type Row = Partial<RunRow>;

/** Feeds rows to a counter the way the row validator does: values in dictionary order, plus the row object. */
function count(rows: Row[]): Map<string, { filled: number; applicable: number }> {
  const counter = new CompletenessCounter();
  for (const row of rows)
    counter.add(
      columns.map((c) => row[c.name]),
      row,
    );
  const present = new Set(columns.map((c) => c.name));
  return new Map(counter.byColumn(present).map((c) => [c.column, c]));
}

const bodySize = { height_cm: 172, weight_kg: 80 } satisfies Row;

describe('CompletenessCounter', () => {
  it('counts a BMI derivable from height and weight as given', () => {
    const byColumn = count([bodySize, bodySize, {}]);
    expect(byColumn.get('bmi')).toMatchObject({ filled: 2, applicable: 3 });
  });

  it('does not count height and weight as missing when BMI is given, nor twice when nothing on body size is', () => {
    const byColumn = count([{ bmi: 27 }, { bmi: 25 }, {}]);
    expect(byColumn.get('height_cm')).toMatchObject({ filled: 0, applicable: 0 });
    expect(byColumn.get('weight_kg')).toMatchObject({ filled: 0, applicable: 0 });
    expect(byColumn.get('bmi')).toMatchObject({ filled: 2, applicable: 3 });
  });

  it('counts a height missing beside a weight (with no BMI) as a gap', () => {
    const byColumn = count([{ weight_kg: 80 }]);
    expect(byColumn.get('height_cm')).toMatchObject({ filled: 0, applicable: 1 });
    expect(byColumn.get('bmi')).toMatchObject({ filled: 0, applicable: 1 });
  });

  it('does not expect death_at for a survivor but does for a death', () => {
    const byColumn = count([{ died_in_hospital: false }, { died_in_hospital: true }]);
    expect(byColumn.get('death_at')).toMatchObject({ filled: 0, applicable: 1 });
  });
});
