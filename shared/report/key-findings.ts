/**
 * The report's key findings: two or three plain sentences written from its numbers, for the top of the page.
 * The primary outcome's adjusted odds ratio (main model) and what it means, how it compares with the previous
 * quarter's published report, and how it compares with the source study. Pure. Only published values are used:
 * a count hidden by small-cell suppression is never stated (an odds ratio is not a count and is published).
 */
import type { OddsRatioEstimate } from './analyses/adjusted-odds-ratios.js';
import { formatEstimate, formatEstimateWithInterval } from './figures/format-number.js';
import { SOURCE_STUDY } from '../config/source-study.js';

/** The primary estimate of the previous quarter's published report. */
export interface PreviousQuarterEstimate {
  quarter: string;
  estimate: OddsRatioEstimate;
}

/** A published estimate to compare with: the source study's primary result. */
export interface ReferenceEstimate {
  name: string;
  oddsRatio: number;
  ciLower: number;
  ciUpper: number;
}

export interface KeyFindingsInput {
  /** The primary outcome's label, e.g. "In-hospital mortality". */
  outcomeLabel: string;
  exposureLabel: string;
  comparatorLabel: string;
  /** The main model's estimate for the primary outcome. */
  estimate: OddsRatioEstimate;
  /** The previous quarter's estimate, or undefined when no previous quarter's report is available. */
  previous?: PreviousQuarterEstimate;
  /** The source study's estimate of the same outcome, or undefined when the primary outcome is another. */
  reference?: ReferenceEstimate;
}

const interval = (e: { oddsRatio: number; ciLower: number; ciUpper: number }): string =>
  `${formatEstimate(e.oddsRatio)} (95% CI ${formatEstimate(e.ciLower)}–${formatEstimate(e.ciUpper)})`;

const side = (oddsRatio: number): -1 | 0 | 1 => (oddsRatio < 1 ? -1 : oddsRatio > 1 ? 1 : 0);

/**
 * The key findings, two or three sentences.
 * @example keyFindings({ outcomeLabel: 'In-hospital mortality', exposureLabel: 'IABP after ECMO', comparatorLabel: 'ECMO only', estimate })
 */
export function keyFindings(input: KeyFindingsInput): string[] {
  const outcome = input.outcomeLabel.toLowerCase();
  const { estimate } = input;
  if (!estimate.estimable) {
    return [
      `The adjusted odds ratio of ${outcome} for ${input.exposureLabel} vs ${input.comparatorLabel} could not be estimated in this report: ${estimate.reason.replace(/^not estimable: /, '')}.`,
      previousSentence(input),
    ];
  }
  const direction = estimate.oddsRatio < 1 ? 'lower' : estimate.oddsRatio > 1 ? 'higher' : 'the same';
  const includesOne = estimate.ciLower <= 1 && estimate.ciUpper >= 1;
  const runs =
    estimate.n.value === null
      ? ''
      : ` (${estimate.n.value.toLocaleString('en-US')} runs${estimate.events.value === null ? '' : `, ${estimate.events.value.toLocaleString('en-US')} with the outcome`})`;
  const firth = estimate.method === 'firth' ? ", fitted by Firth's penalised likelihood" : '';
  const meaning =
    direction === 'the same'
      ? `no difference in the odds of ${outcome}`
      : includesOne
        ? `${direction} odds of ${outcome} than ${input.comparatorLabel}, but the interval includes 1, so the data are also compatible with no difference`
        : `${direction} odds of ${outcome} than ${input.comparatorLabel}`;
  const sentences = [
    `Adjusted for the main model's covariates${runs}${firth}, ${input.exposureLabel} had an odds ratio of ${outcome} of ${interval(estimate)}: ${meaning}.`,
    previousSentence(input),
  ];
  const ref = input.reference;
  if (ref !== undefined) {
    const inside = estimate.oddsRatio >= ref.ciLower && estimate.oddsRatio <= ref.ciUpper;
    const sameSide = side(estimate.oddsRatio) === side(ref.oddsRatio);
    sentences.push(
      `${ref.name} reported ${interval(ref)}; this report's estimate lies ${inside ? 'inside' : 'outside'} that interval and ${
        sameSide ? 'on the same side of 1' : 'on the other side of 1'
      }.`,
    );
  }
  return sentences;
}

function previousSentence(input: KeyFindingsInput): string {
  const { previous, estimate } = input;
  if (previous === undefined) return 'No previous quarter’s report is available to compare with.';
  const before = previous.estimate;
  if (!before.estimable)
    return `In the previous quarter’s report (${previous.quarter}) it could not be estimated.`;
  const was = formatEstimateWithInterval(before.oddsRatio, before.ciLower, before.ciUpper);
  if (!estimate.estimable) return `In the previous quarter’s report (${previous.quarter}) it was ${was}.`;
  const now = formatEstimate(estimate.oddsRatio);
  const then = formatEstimate(before.oddsRatio);
  const change =
    now === then
      ? 'unchanged at two decimals'
      : estimate.oddsRatio < before.oddsRatio
        ? 'lower now'
        : 'higher now';
  return `In the previous quarter’s report (${previous.quarter}) it was ${was}: ${change}.`;
}

/** The source study's primary estimate, when the report's primary outcome is the one it reports. */
export function sourceStudyReference(outcomeId: string): ReferenceEstimate | undefined {
  const p = SOURCE_STUDY.primary;
  return outcomeId === p.outcomeId
    ? {
        name: `The source study (${SOURCE_STUDY.shortName})`,
        oddsRatio: p.oddsRatio,
        ciLower: p.ciLower,
        ciUpper: p.ciUpper,
      }
    : undefined;
}
