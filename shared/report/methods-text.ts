/**
 * The report's Methods section, written from the spec that made the report: the source study, the study window
 * and cohort steps, the exposure, every model's covariates, the imputation, the matching, the survival
 * definitions, the tests, Firth's method, the suppression rule and the software version. Pure: the same spec and
 * facts give the same words, and a changed spec changes them (nothing here restates a default the spec could
 * override).
 */
import { predicateColumns, studyComparison, type Predicate } from '../cohort/index.js';
import type { ReportSpec, VariableSpec } from './spec/index.js';
import { SOURCE_STUDY } from '../config/source-study.js';

// The study is defined once, beside the registry's other configuration; re-exported for the report's readers.
export { SOURCE_STUDY };

/** One paragraph of the Methods section: a short heading and its text. */
export interface MethodsParagraph {
  id: string;
  heading: string;
  text: string;
}

/** What the Methods text needs from the report besides the spec. */
export interface MethodsFacts {
  /** The report's data cut-off (ISO 8601). */
  cutoff: string;
  softwareVersion: string;
  /** The flowchart's step names in order, as the report's flowchart shows them. */
  flowchartSteps: readonly string[];
}

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;

const date = (iso: string): string => iso.slice(0, 10);

const OPERATORS = { lt: 'below', lte: 'at most', gt: 'above', gte: 'at least' } as const;

function scalar(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return typeof value === 'string' ? `“${value}”` : String(value);
}

/**
 * A predicate in words, column names as the data dictionary spells them.
 * @example describePredicate({ column: 'age', op: 'gte', value: 18 }) // 'age at least 18'
 */
export function describePredicate(predicate: Predicate): string {
  if ('all' in predicate) return predicate.all.map(describeNested).join(' and ');
  if ('any' in predicate) return predicate.any.map(describeNested).join(' or ');
  if ('not' in predicate) return `not (${describePredicate(predicate.not)})`;
  switch (predicate.op) {
    case 'eq':
      return `${predicate.column} ${scalar(predicate.value)}`;
    case 'in':
      return `${predicate.column} one of ${predicate.value.map(scalar).join(', ')}`;
    case 'missing':
      return `${predicate.column} missing`;
    case 'present':
      return `${predicate.column} recorded`;
    default:
      return `${predicate.column} ${OPERATORS[predicate.op]} ${predicate.value}`;
  }
}

function describeNested(predicate: Predicate): string {
  return 'all' in predicate || 'any' in predicate
    ? `(${describePredicate(predicate)})`
    : describePredicate(predicate);
}

const sameShape = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The exposure's or comparator's definition: the source study's in clinical words, any other as its rule. */
function groupDefinition(label: string, when: Predicate, study: Predicate, studyWords: string): string {
  return sameShape(when, study)
    ? `${label}: ${studyWords} (${describePredicate(when)})`
    : `${label}: ${describePredicate(when)}`;
}

const variableNames = (variables: readonly VariableSpec[]): string[] => variables.map((v) => v.label);

/** A column's label as the spec's Table 1 names it, else the column's own name. */
function columnLabel(spec: ReportSpec, column: string): string {
  return spec.baseline.find((v) => v.column === column)?.label ?? column;
}

function caliperWords(caliper: number | undefined): string {
  return caliper === undefined
    ? 'with no caliper'
    : `within a caliper of ${caliper} standard deviations of the propensity score (pairs farther apart are not matched)`;
}

const ORDER_WORDS = {
  largest: 'exposed runs with the largest propensity score are matched first',
  smallest: 'exposed runs with the smallest propensity score are matched first',
  data: 'exposed runs are matched in the order of the data (center, then run id)',
} as const;

/**
 * The Methods section of a report made with `spec`, in paragraphs a clinician reads.
 * @example methodsText(defaultReportSpec, { cutoff: '2023-09-30T23:59:59.999Z', softwareVersion: '0.1.0', flowchartSteps: [] })
 */
export function methodsText(spec: ReportSpec, facts: MethodsFacts): MethodsParagraph[] {
  const paragraphs: MethodsParagraph[] = [];
  const add = (id: string, heading: string, ...sentences: string[]): void => {
    paragraphs.push({ id, heading, text: sentences.filter((s) => s !== '').join(' ') });
  };

  add(
    'source',
    'Source study',
    `This report applies the methods of ${SOURCE_STUDY.citation} to the registry's data, with the report spec “${spec.id}” (${spec.title}).`,
  );

  const window =
    spec.cohort.from === undefined && spec.cohort.to === undefined
      ? `every run with ECMO started up to the data cut-off (${date(facts.cutoff)})`
      : `runs with ECMO started from ${spec.cohort.from ?? 'the first run submitted'} to ${
          spec.cohort.to === undefined
            ? `the data cut-off (${date(facts.cutoff)})`
            : `${spec.cohort.to} (or the data cut-off, ${date(facts.cutoff)}, if earlier)`
        }`;
  const steps =
    facts.flowchartSteps.length > 0 ? facts.flowchartSteps : spec.cohort.steps.map((s) => s.label);
  add(
    'cohort',
    'Study window and cohort',
    `The study window takes ${window}.`,
    `The cohort is built in these steps, each counted in the flowchart: ${steps
      .map((label, i) => `(${i + 1}) ${label}`)
      .join('; ')}.`,
  );

  add(
    'exposure',
    'Exposure',
    `The exposure is ${groupDefinition(
      spec.exposure.label,
      spec.exposure.when,
      studyComparison.exposure,
      'an IABP started after ECMO start and before ECMO end',
    )}.`,
    `The comparator is ${groupDefinition(spec.comparator.label, spec.comparator.when, studyComparison.comparator, 'no IABP')}.`,
  );

  const imputed = new Set(spec.imputation.variables);
  const imputedSubgroups = spec.subgroups.filter((s) =>
    s.levels.some((l) => predicateColumns(l.when).some((c) => imputed.has(c))),
  );
  add(
    'models',
    'Adjusted models',
    `Adjusted odds ratios of the exposure come from multivariable logistic regression, with Wald 95% confidence intervals.`,
    `The main model adjusts for ${list(variableNames(spec.adjustment))}; it is fitted on the runs with all of these recorded, and the primary outcome is ${spec.outcomes[0]!.label.toLowerCase()}.`,
    ...spec.sensitivityModels.map(
      (m) =>
        `Sensitivity model “${m.label}” adds ${list(m.addCovariates.map((c) => columnLabel(spec, c)))} to the main model's covariates; it is fitted on each imputed data set and pooled by Rubin's rules, and, as its own check, on the runs with ${m.addCovariates.length === 1 ? 'that value' : 'all of them'} recorded (complete case).`,
    ),
    spec.sensitivityModels.length === 0 ? 'No sensitivity model is specified.' : '',
    spec.subgroups.length === 0
      ? ''
      : `Subgroup odds ratios adjust for the main model's covariates within each level; the interaction p-value is the likelihood-ratio test of exposure × subgroup terms${
          imputedSubgroups.length === 0
            ? '.'
            : `. ${list(imputedSubgroups.map((s) => s.label))} ${imputedSubgroups.length === 1 ? 'reads' : 'read'} an imputed value, so ${imputedSubgroups.length === 1 ? 'it is' : 'they are'} analysed on each imputed data set, odds ratios pooled by Rubin's rules and the median of the interaction p-values reported.`
        }`,
  );

  add(
    'firth',
    'Separation',
    "When a covariate or one of its levels predicts the outcome perfectly (separation), or ordinary maximum likelihood does not converge, the model is refitted by Firth's penalised likelihood (as R's brglm2 with type “AS_mean”), so the exposure keeps its estimate; such an estimate is marked as Firth's.",
  );

  const im = spec.imputation;
  add(
    'imputation',
    'Missing data',
    `Missing values of ${list(im.variables.map((c) => columnLabel(spec, c)))} are filled in by multiple imputation by chained equations (${
      im.method === 'pmm' ? 'predictive mean matching' : im.method
    }), m = ${im.m} imputed data sets, ${im.maxit} iterations, random seed ${im.seed}; estimates are pooled by Rubin's rules.`,
  );

  const mt = spec.matching;
  add(
    'matching',
    'Propensity matching',
    `The propensity score is a logistic regression of the exposure on ${list(variableNames(spec.propensity))}.`,
    `Runs are matched ${mt.ratio}:1 by greedy nearest neighbour on the propensity score, ${
      mt.replace ? 'with' : 'without'
    } replacement, ${caliperWords(mt.caliper)}; ${ORDER_WORDS[mt.order]}. Balance is shown as standardised mean differences before and after matching.`,
  );

  const sv = spec.survival;
  add(
    'survival',
    `${sv.horizonDays}-day survival`,
    `Kaplan–Meier curves by group run from ECMO start to in-hospital death, with the log-rank test, before and after matching.`,
    sv.liveDischarge === 'alive-at-horizon'
      ? `Follow-up ends at hospital discharge, so a run discharged alive before day ${sv.horizonDays} counts as alive at day ${sv.horizonDays} (censored there).`
      : `A run discharged alive before day ${sv.horizonDays} is censored at discharge, which treats discharge as unrelated to the risk of death.`,
    sv.competingRisks
      ? `Beside the curves, the cumulative incidence of in-hospital death by day ${sv.horizonDays} treats live discharge as a competing event (Aalen–Johansen estimator).`
      : '',
  );

  const skewed = spec.baseline.filter((v) => v.kind === 'continuous' && v.skewed).map((v) => v.label);
  const volume = spec.centerVolume;
  add(
    'tests',
    'Tests',
    `Table 1 gives continuous variables as mean (SD) with Student's t-test${
      skewed.length === 0 ? '' : `, and ${list(skewed)} also as median [IQR] with the Mann–Whitney U test`
    }.`,
    spec.tests.categorical === 'per-variable'
      ? 'Categorical variables are given as n (%) with one Pearson chi-square test per variable over all its levels (r × c), or Fisher’s exact test when an expected count is below 5.'
      : 'Categorical variables are given as n (%), each level tested against the rest (2 × 2) by Pearson chi-square, or Fisher’s exact test when an expected count is below 5.',
    'Standardised mean differences are given beside the tests; durations as mean (SD) and median [IQR] with the Mann–Whitney U test.',
    `A center's volume in runs a year counts ${
      volume.runs === 'submitted'
        ? 'every run the center submitted in the study window'
        : "the center's runs left in the cohort after every exclusion"
    }${volume.when === undefined ? '' : ` with ${describePredicate(volume.when)}`}, divided by the years of the window.`,
  );

  const t = spec.suppression.threshold;
  add(
    'suppression',
    'Small-cell suppression',
    `No count from 1 to ${t - 1} is shown outside a center's own data, nor any count that would let one be worked out by subtraction (complementary suppression); figures computed from a hidden count are not shown. No run id or other row-level value is published.`,
  );

  add(
    'software',
    'Software',
    `Computed by the ECLS Registry software, version ${facts.softwareVersion}; the report's provenance names the spec by its SHA-256 digest.`,
  );
  return paragraphs;
}
