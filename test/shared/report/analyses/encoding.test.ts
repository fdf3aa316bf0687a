import { logisticRegression } from '../../../../shared/stats/index.js';
import {
  designOf,
  EncodedRuns,
  recordedColumns,
} from '../../../../shared/report/analyses/adjusted-odds-ratios.js';
import {
  fitLogisticDroppingAliased,
  predictColumnProbabilities,
  predictProbabilities,
} from '../../../../shared/report/analyses/fit-logistic.js';
import {
  encodeColumns,
  encodeCovariates,
  modelColumnNames,
} from '../../../../shared/report/analyses/model-variables.js';
import type { GroupedRow } from '../../../../shared/report/analyses/table-one.js';
import type { BinaryVariableSpec, VariableSpec } from '../../../../shared/report/spec/index.js';

const specs: VariableSpec[] = [
  { id: 'age', label: 'Age', kind: 'continuous', column: 'age_years' },
  { id: 'male', label: 'Male', kind: 'binary', column: 'sex', value: 'male' },
  {
    id: 'diag',
    label: 'Diagnosis',
    kind: 'categorical',
    column: 'diagnosis',
    levels: [
      { id: 'ami', label: 'AMI', when: { column: 'diagnosis', op: 'eq', value: 'ami' } },
      { id: 'pcs', label: 'PCS', when: { column: 'diagnosis', op: 'eq', value: 'pcs' } },
      {
        id: 'other',
        label: 'Other',
        when: { column: 'diagnosis', op: 'in', value: ['myocarditis', 'other'] },
      },
    ],
  },
] as VariableSpec[];
const died = {
  id: 'died',
  label: 'Died',
  kind: 'binary',
  column: 'died_in_hospital',
  value: true,
} as BinaryVariableSpec;

const diagnoses = ['ami', 'pcs', 'myocarditis', 'other'] as const;
/** A small deterministic generator (LCG), so the runs are irregular but the same every time. */
let state = 12345;
const random = (): number => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state / 2147483648;
};
/** 200 runs with a few missing values. */
const rows: GroupedRow[] = Array.from({ length: 200 }, (_, i) => ({
  center_id: 'C1',
  run_id: `R${i}`,
  group: random() < 0.3 ? 'exposure' : 'comparator',
  age_years: i % 37 === 5 ? undefined : Math.round(40 + random() * 35),
  sex: random() < 0.6 ? 'male' : 'female',
  diagnosis: i === 11 ? undefined : diagnoses[Math.floor(random() * 4)],
  died_in_hospital: i === 23 ? undefined : random() < 0.45,
  pre_ph: i % 4 === 1 ? undefined : 7 + Math.round(random() * 40) / 100,
})) as GroupedRow[];

describe('encodeColumns', () => {
  it('holds, per model column, the values encodeCovariates gives each run, and NaN where one is missing', () => {
    const encoded = encodeColumns(rows, specs);
    expect(encoded.names).toEqual(specs.flatMap(modelColumnNames));
    rows.forEach((row, i) => {
      const x = encodeCovariates(row, specs);
      expect(encoded.complete[i]).toBe(x === undefined ? 0 : 1);
      if (x !== undefined) expect(encoded.columns.map((c) => c[i])).toEqual(x);
    });
    expect(Number.isNaN(encoded.columns[0]![5]!)).toBe(true);
    expect(encoded.complete.filter((c) => c === 0)).toHaveLength(7);
  });
});

describe('designOf', () => {
  it('fits the same model as the rows with every value known, built row by row', () => {
    const encoded = new EncodedRuns(rows, specs);
    const data = designOf(encoded, died, recordedColumns(rows, ['pre_ph']));
    const X: number[][] = [];
    const y: number[] = [];
    for (const row of rows) {
      const x = encodeCovariates(row, specs);
      if (x === undefined || row.died_in_hospital === undefined || row.pre_ph === undefined) continue;
      X.push([row.group === 'exposure' ? 1 : 0, ...x, row.pre_ph]);
      y.push(row.died_in_hospital ? 1 : 0);
    }
    expect(Array.from(data.y)).toEqual(y);
    expect(data.names).toEqual(['exposure', 'age', 'male', 'diag:pcs', 'diag:other', 'pre_ph']);
    const byColumns = logisticRegression(data.X as Parameters<typeof logisticRegression>[0], data.y, {
      names: data.names,
    });
    const byRows = logisticRegression(X, y, { names: data.names });
    expect(byColumns.coefficients).toEqual(byRows.coefficients);
  });

  it('drops an aliased covariate from the column list, as from the rows', () => {
    // Within the male runs, `male` is constant: it is dropped (R's NA) and the fit is the one without it.
    const encoded = new EncodedRuns(rows, specs);
    const data = designOf(encoded, died, undefined, (i) => rows[i]!.sex === 'male');
    const fitted = fitLogisticDroppingAliased(data.X, data.y, data.names, new Set(['exposure']));
    expect(fitted.ok && fitted.dropped).toEqual(['male']);
    expect(fitted.ok && fitted.kept).toEqual(['exposure', 'age', 'diag:pcs', 'diag:other']);
  });
});

describe('predictColumnProbabilities', () => {
  it('gives exactly predictProbabilities on the same rows', () => {
    const encoded = encodeColumns(rows, specs);
    const positions = Int32Array.from(rows.keys()).filter((i) => encoded.complete[i] === 1);
    const treated = Array.from(positions, (i) => (rows[i]!.group === 'exposure' ? 1 : 0));
    const fit = logisticRegression({ columns: encoded.columns, subset: positions }, treated, {
      names: encoded.names,
    });
    const X = Array.from(positions, (i) => encoded.columns.map((c) => c[i]!));
    expect(predictColumnProbabilities(fit, encoded.columns, positions)).toEqual(predictProbabilities(fit, X));
  });
});
