/**
 * Synthetic, valid runs for the ingestion tests: every row passes the dictionary's cell and cross-field rules,
 * and every value is already at the precision the CSV format keeps (whole minutes, at most 2 decimals), so a
 * row written to CSV and read back by the validator is the same typed row.
 */
import { columns, type RunRow } from '../../../../shared/dictionary/index.js';
import { formatCell } from '../../../../shared/dictionary/index.js';
import { complicationCategories } from '../../../../shared/dictionary/index.js';
import { createRandom, type Random } from '../../../../shared/random/seeded-random.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
const between = (random: Random, lo: number, hi: number): number => lo + random.int(hi - lo + 1);

/** Options of {@link syntheticRun}. */
export interface SyntheticRunOptions {
  /** Probability the run has no discharge yet. Default 0.05. */
  inProgress?: number;
  /** Years the ECMO start is drawn from. Default 2019–2023. */
  years?: [number, number];
}

/** One valid run of `centerId` with id `runId`, drawn from `random`. */
export function syntheticRun(
  random: Random,
  centerId: string,
  runId: string,
  options: SyntheticRunOptions = {},
): RunRow {
  const [y0, y1] = options.years ?? [2019, 2023];
  const year = between(random, y0, y1);
  const ecmoStart =
    Date.UTC(year, 0, 1) + between(random, 0, 360) * DAY + between(random, 0, 23 * 60) * 60_000;
  const admission = ecmoStart - between(random, 0, 72) * HOUR - between(random, 0, 59) * 60_000;
  const age = between(random, 18, 85);
  const sex = random.bernoulli(0.7) ? 'male' : 'female';
  const height = sex === 'male' ? between(random, 160, 190) : between(random, 150, 178);
  const weight = between(random, 50, 110);
  const sbp = between(random, 60, 130);
  const dbp = between(random, 30, sbp - 10);
  const map = Math.round(dbp + (sbp - dbp) / 3);
  const inProgress = random.bernoulli(options.inProgress ?? 0.05);
  const ecmoHours = between(random, 12, 400);
  const ecmoEnd = ecmoStart + ecmoHours * HOUR;
  const iabp = random.bernoulli(0.3);
  const iabpStart = iabp
    ? random.bernoulli(0.3)
      ? ecmoStart - between(random, 1, 12) * HOUR
      : ecmoStart + between(random, 1, Math.min(ecmoHours, 48)) * HOUR
    : undefined;
  const row: Record<string, string | number | boolean | undefined> = {
    center_id: centerId,
    run_id: runId,
    birth_year: random.bernoulli(0.5) ? year - age : undefined,
    age_years: age,
    sex,
    height_cm: height,
    weight_kg: weight,
    bmi: round(weight / (height / 100) ** 2, 1),
    pregnant: false,
    admission_at: admission,
    ecmo_start_at: ecmoStart,
    iabp,
    iabp_start_at: iabpStart,
    indication: 'cardiogenic_shock',
    ecmo_mode: 'VA',
    mode_conversion: false,
    cannulation: 'peripheral',
    lv_unloading: 'none',
    diagnosis: ['myocarditis', 'pcs', 'ami', 'chronic_hf', 'sepsis', 'other'][random.int(6)],
    hx_cardiac_intervention: random.bernoulli(0.15),
    hx_myocardial_infarction: random.bernoulli(0.12),
    hx_hypertension: random.bernoulli(0.4),
    hx_diabetes: random.bernoulli(0.2),
    hx_hyperlipidemia: random.bernoulli(0.2),
    hx_heart_failure: random.bernoulli(0.1),
    hx_ckd: random.bernoulli(0.05),
    hx_cirrhosis: random.bernoulli(0.02),
    hx_smoking: random.bernoulli(0.3),
    pre_cardiac_arrest: random.bernoulli(0.43),
    pre_vasopressor_count: between(random, 0, 4),
    pre_mechanical_ventilation: random.bernoulli(0.6),
    pre_sbp_mmhg: sbp,
    pre_dbp_mmhg: dbp,
    pre_map_mmhg: map,
    pre_ph: random.bernoulli(0.3) ? undefined : round(7.0 + random.next() * 0.45, 2),
    pre_paco2_mmhg: random.bernoulli(0.3) ? undefined : between(random, 25, 70),
    pre_pao2_mmhg: random.bernoulli(0.3) ? undefined : between(random, 50, 300),
    pre_lactate_mmol_l: round(1 + random.next() * 14, 1),
    lactate_4h_mmol_l: round(1 + random.next() * 12, 1),
    lactate_24h_mmol_l: round(0.5 + random.next() * 8, 1),
    vasopressor_change: ['fewer', 'same', 'more'][random.int(3)],
  };
  if (!inProgress) {
    const died = random.bernoulli(0.5);
    const afterWeaning = died ? between(random, 0, 400) : between(random, 48, 700);
    const discharge = ecmoEnd + afterWeaning * HOUR;
    const hospitalDays = Math.round((discharge - admission) / DAY);
    Object.assign(row, {
      ecmo_end_at: ecmoEnd,
      discharge_at: discharge,
      died_in_hospital: died,
      survived_ecmo: !died || afterWeaning >= 48,
      death_at: died ? discharge : undefined,
      ecmo_hours: ecmoHours,
      hospital_days: hospitalDays,
      icu_days: between(random, 0, hospitalDays),
      ventilation_hours: between(random, 0, hospitalDays * 24),
    });
    for (const component of Object.values(complicationCategories).flat())
      row[component] = random.bernoulli(0.05);
  }
  return row as unknown as RunRow;
}

/** `count` valid runs of one center, ids `{prefix}00001`…, from a seed. */
export function syntheticRuns(
  centerId: string,
  count: number,
  seed: number,
  options: SyntheticRunOptions & { prefix?: string; firstIndex?: number } = {},
): RunRow[] {
  const random = createRandom(seed);
  const first = options.firstIndex ?? 1;
  return Array.from({ length: count }, (_, i) =>
    syntheticRun(random, centerId, `${options.prefix ?? 'R'}${String(first + i).padStart(5, '0')}`, options),
  );
}

/** The dictionary's CSV header line. */
export const csvHeader = columns.map((c) => c.name).join(',');

/** One run as a CSV line in the dictionary's canonical cell formats. */
export function runToCsvLine(row: RunRow): string {
  const record = row as unknown as Record<string, string | number | boolean | undefined>;
  return columns.map((c) => formatCell(c.kind, record[c.name])).join(',');
}

/** Runs as a CSV file (header and one line per run). */
export function runsToCsv(rows: readonly RunRow[]): string {
  return `${[csvHeader, ...rows.map(runToCsvLine)].join('\n')}\n`;
}
