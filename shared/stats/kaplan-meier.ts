/**
 * Kaplan–Meier product-limit estimator with Greenwood's variance and a log-transformed confidence interval.
 */
import { qnorm } from './distributions.js';
import { InvalidArgumentError } from './errors.js';
import { checkSurvivalInput, type EventIndicator } from './survival-input.js';

/** One step of the Kaplan–Meier curve: a distinct observed time (event or censoring). */
export interface KaplanMeierStep {
  time: number;
  /** Subjects at risk just before `time`. */
  nRisk: number;
  nEvent: number;
  nCensor: number;
  /** S(t), the product-limit survival estimate. */
  survival: number;
  /** Standard error of S(t) (Greenwood), `null` once S(t) = 0 (R gives NaN there). */
  stdErr: number | null;
  /** Lower and upper limits of the log-type interval, `null` once S(t) = 0 (R gives NA there). */
  lower: number | null;
  upper: number | null;
}

/**
 * Kaplan–Meier estimate of the survival function, one row per distinct time, as R's
 * `survfit(Surv(time, event) ~ 1, conf.type = "log")` (survival package, Therneau). The variance is Greenwood's
 * formula, Var(log S) = Σ d / (n (n − d)); `stdErr` is the standard error of S itself, S·sqrt(Var(log S)), as in
 * `summary(survfit)$std.err`. The interval is exp(log S ± z·sqrt(Var(log S))), upper limit capped at 1.
 * Times are compared exactly (R's `timefix` merges times within rounding error; pass rounded times).
 * @param time follow-up times.
 * @param event 1/true = event, 0/false = censored.
 * @param confLevel confidence level of the interval (default 0.95).
 * @throws {LengthMismatchError} when `time` and `event` differ in length.
 * @throws {EmptyGroupError} when there are no observations.
 * @throws {NonFiniteValueError} when a time is not finite.
 * @throws {InvalidArgumentError} when an event is not 0/1/boolean or `confLevel` is outside (0, 1).
 * @example
 * kaplanMeier([1, 2, 2, 3], [1, 1, 0, 1]);
 * // => [{ time: 1, nRisk: 4, nEvent: 1, nCensor: 0, survival: 0.75, ... }, ...]
 */
export function kaplanMeier(
  time: readonly number[],
  event: readonly EventIndicator[],
  confLevel = 0.95,
): KaplanMeierStep[] {
  const events = checkSurvivalInput(time, event);
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(`confLevel is ${confLevel}; it must be strictly between 0 and 1`);
  }
  const z = qnorm(1 - (1 - confLevel) / 2);
  const order = time.map((_, i) => i).sort((a, b) => time[a]! - time[b]!);
  const steps: KaplanMeierStep[] = [];
  let nRisk = time.length;
  let survival = 1;
  let greenwood = 0;
  let k = 0;
  while (k < order.length) {
    const t = time[order[k]!]!;
    let nEvent = 0;
    let nCensor = 0;
    while (k < order.length && time[order[k]!] === t) {
      if (events[order[k]!] === 1) nEvent++;
      else nCensor++;
      k++;
    }
    if (nEvent > 0) {
      survival *= 1 - nEvent / nRisk;
      greenwood = nEvent === nRisk ? Infinity : greenwood + nEvent / (nRisk * (nRisk - nEvent));
    }
    steps.push({ time: t, nRisk, nEvent, nCensor, survival, ...interval(survival, greenwood, z) });
    nRisk -= nEvent + nCensor;
  }
  return steps;
}

function interval(
  survival: number,
  greenwood: number,
  z: number,
): Pick<KaplanMeierStep, 'stdErr' | 'lower' | 'upper'> {
  if (survival === 0) return { stdErr: null, lower: null, upper: null };
  const seLog = Math.sqrt(greenwood);
  return {
    stdErr: survival * seLog,
    lower: Math.exp(Math.log(survival) - z * seLog),
    upper: Math.min(1, Math.exp(Math.log(survival) + z * seLog)),
  };
}
