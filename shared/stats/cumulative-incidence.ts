/**
 * The Aalen–Johansen estimator of cumulative incidence with competing events (Aalen & Johansen 1978), e.g.
 * in-hospital death with live discharge as the competing event, as R's multi-state
 * `survfit(Surv(time, status) ~ 1)` computes it when `status` is a factor whose first level is censoring. Every
 * subject starts event-free (R's state "(s0)") and leaves it at its first event of any cause.
 *
 * At each distinct time t with nᵣ subjects at risk and dₖ events of cause k, the hazard of cause k is
 * λₖ = dₖ / nᵣ; the event-free probability is S(t) = S(t−)(1 − Σλₖ) and the cumulative incidence of cause k is
 * Fₖ(t) = Fₖ(t−) + S(t−)λₖ. Standard errors are the infinitesimal jackknife's, survfit's default for multi-state
 * models: the square root of Σᵢ (∂p(t)/∂wᵢ)², the derivative of each state probability with respect to subject i's
 * case weight. Subjects who leave at the same time with the same status have the same derivative, so the sum runs
 * over those (time, status) groups.
 */
import { qnorm } from './distributions.js';
import { EmptyGroupError, InvalidArgumentError, LengthMismatchError, NonFiniteValueError } from './errors.js';

/** Options of {@link cumulativeIncidence}. */
export interface CumulativeIncidenceOptions {
  /** Names of the causes coded 1, 2, … in `status` (R's factor levels after "censor"), e.g. ['death', 'discharge']. */
  causes: readonly string[];
  /** Level of the intervals. Default 0.95 (R's `conf.int`). */
  confLevel?: number;
}

/**
 * One time of the curve: a distinct observed time (event or censoring), as a row of R's `fit$pstate`. The state
 * arrays are indexed as {@link CumulativeIncidenceCurve.states}: 0 is event-free, k is cause k.
 */
export interface CumulativeIncidenceStep {
  time: number;
  /** Subjects event-free and under observation just before `time` (R's `fit$n.risk[, 1]`). */
  nRisk: number;
  /** Events of each cause at `time` (R's `fit$n.event[, -1]`), indexed from 0 for cause 1. */
  nEvent: number[];
  nCensor: number;
  /** Probability of each state at `time`: the event-free probability, then each cause's cumulative incidence. */
  pstate: number[];
  /** Infinitesimal-jackknife standard error of each state probability (R's `fit$std.err`). */
  stdErr: number[];
  /** Log-type interval exp(log p ± z·se/p), the upper limit capped at 1; `null` where p = 0 (R gives NA). */
  lower: (number | null)[];
  upper: (number | null)[];
}

/** Result of {@link cumulativeIncidence}. */
export interface CumulativeIncidenceCurve {
  /** `'(s0)'` (event-free, R's name), then the causes. */
  states: string[];
  steps: CumulativeIncidenceStep[];
}

/** The state probabilities at a horizon, as {@link cumulativeIncidenceAt} reads them off a curve. */
export interface CumulativeIncidencePoint {
  time: number;
  pstate: number[];
  stdErr: number[];
  lower: (number | null)[];
  upper: (number | null)[];
}

/**
 * Aalen–Johansen estimate of the event-free probability and each cause's cumulative incidence, one step per
 * distinct time, reproducing R's `survfit(Surv(time, status) ~ 1, data)` with `status` a factor
 * (levels `c("censor", causes)`): `fit$time`, `fit$n.risk[, 1]`, `fit$n.event`, `fit$n.censor`, `fit$pstate`,
 * `fit$std.err` (infinitesimal jackknife, the default) and `fit$lower` / `fit$upper` (`conf.type = "log"`, the
 * default). Events happen before censorings at a tied time, and tied events of different causes share the risk
 * set, as in R. Times are compared exactly (R's `timefix` merges times within rounding error; pass rounded times).
 * The three probabilities sum to 1 at every time.
 * @param time follow-up times (e.g. days from cannulation to death, discharge or censoring).
 * @param status 0 = censored, k = an event of cause k (`options.causes[k - 1]`).
 * @throws {LengthMismatchError} when `time` and `status` differ in length.
 * @throws {EmptyGroupError} when there are no observations.
 * @throws {NonFiniteValueError} when a time is not finite.
 * @throws {InvalidArgumentError} when a status is not an integer from 0 to the number of causes, there are no
 * causes, or `confLevel` is outside (0, 1).
 * @example
 * const curve = cumulativeIncidence([1, 2, 2, 3], [1, 2, 0, 1], { causes: ['death', 'discharge'] });
 * curve.steps[1]; // { time: 2, nRisk: 3, nEvent: [0, 1], nCensor: 1, pstate: [0.5, 0.25, 0.25], … }
 */
export function cumulativeIncidence(
  time: readonly number[],
  status: readonly number[],
  options: CumulativeIncidenceOptions,
): CumulativeIncidenceCurve {
  const { causes } = options;
  const confLevel = options.confLevel ?? 0.95;
  checkInput(time, status, causes, confLevel);
  const z = qnorm(1 - (1 - confLevel) / 2);
  const k = causes.length;
  const states = k + 1;

  // Distinct times with the events and censorings at each.
  const order = time.map((_, i) => i).sort((a, b) => time[a]! - time[b]!);
  const times: number[] = [];
  const counts: number[][] = []; // per time: [censored, cause 1, …, cause K]
  for (const i of order) {
    const t = time[i]!;
    if (times.length === 0 || times[times.length - 1] !== t) {
      times.push(t);
      counts.push(new Array<number>(states).fill(0));
    }
    counts[counts.length - 1]![status[i]!]! += 1;
  }

  // The influence ∂p/∂wᵢ of a subject follows one of three updates at each time: every subject still at risk and
  // not leaving shares one vector (`atRisk`); those leaving now get their own cause's update; and every subject
  // who left earlier is carried by the same linear map A (p₀ ← p₀(1 − Σλ), pₖ ← pₖ + p₀λₖ). So the sum of squares
  // over those who left is kept as their second-moment matrix M = Σ size·u uᵀ, updated as A M Aᵀ: linear in the
  // number of times instead of times × subjects.
  const atRisk = new Float64Array(states);
  const leaving = new Float64Array(states);
  const moment = new Float64Array(states * states);
  const mapped = new Float64Array(states * states);

  const steps: CumulativeIncidenceStep[] = [];
  const pstate = new Array<number>(states).fill(0);
  pstate[0] = 1;
  let nRisk = time.length;
  times.forEach((t, j) => {
    const row = counts[j]!;
    const hazard = new Array<number>(states).fill(0);
    let total = 0;
    for (let c = 1; c < states; c++) {
      hazard[c] = row[c]! / nRisk;
      total += hazard[c]!;
    }
    const survivalBefore = pstate[0]!;
    // Those who left earlier: M ← A M Aᵀ (A acts on the state index; row 0 scales, row c adds λ_c times row 0).
    for (let a = 0; a < states; a++) {
      for (let b = 0; b < states; b++) {
        const m0b = moment[b]!; // M[0][b]
        const mab = moment[a * states + b]!;
        mapped[a * states + b] = a === 0 ? m0b * (1 - total) : mab + hazard[a]! * m0b;
      }
    }
    for (let a = 0; a < states; a++) {
      for (let b = 0; b < states; b++) {
        const ma0 = mapped[a * states]!;
        const mab = mapped[a * states + b]!;
        moment[a * states + b] = b === 0 ? ma0 * (1 - total) : mab + hazard[b]! * ma0;
      }
    }
    // One subject at risk now whose status at this time is `own` (0: stays at risk or is censored), from the shared
    // at-risk influence before this time. ∂λₖ/∂wᵢ = (dNᵢₖ − λₖ) / nᵣ.
    const update = (own: number, out: Float64Array): void => {
      const dSurvivalBefore = atRisk[0]!;
      let dTotal = 0;
      for (let c = 1; c < states; c++) {
        const dHazard = ((own === c ? 1 : 0) - hazard[c]!) / nRisk;
        dTotal += dHazard;
        out[c] = atRisk[c]! + dSurvivalBefore * hazard[c]! + survivalBefore * dHazard;
      }
      out[0] = dSurvivalBefore * (1 - total) - survivalBefore * dTotal;
    };
    const sumSquares = new Array<number>(states).fill(0);
    for (let s = 0; s < states; s++) sumSquares[s] = moment[s * states + s]!;
    // Those leaving now (each status apart); their influence then joins M.
    for (let own = 0; own < states; own++) {
      const size = row[own]!;
      if (size === 0) continue;
      update(own, leaving);
      for (let a = 0; a < states; a++) {
        sumSquares[a]! += size * leaving[a]! ** 2;
        for (let b = 0; b < states; b++) moment[a * states + b]! += size * leaving[a]! * leaving[b]!;
      }
    }
    const staying = nRisk - row.reduce((a, b) => a + b, 0);
    update(0, leaving);
    atRisk.set(leaving);
    for (let s = 0; s < states; s++) sumSquares[s]! += staying * atRisk[s]! ** 2;
    for (let c = 1; c < states; c++) pstate[c] = pstate[c]! + survivalBefore * hazard[c]!;
    pstate[0] = survivalBefore * (1 - total);

    const stdErr = sumSquares.map((v) => Math.sqrt(v));
    const limits = stdErr.map((se, s) => logInterval(pstate[s]!, se, z));
    steps.push({
      time: t,
      nRisk,
      nEvent: row.slice(1),
      nCensor: row[0]!,
      pstate: pstate.slice(),
      stdErr,
      lower: limits.map((l) => l.lower),
      upper: limits.map((l) => l.upper),
    });
    nRisk -= row.reduce((a, b) => a + b, 0);
  });
  return { states: ['(s0)', ...causes], steps };
}

/**
 * {@link cumulativeIncidence} per group, the curves of `survfit(Surv(time, status) ~ group, data)`, `fit[i, ]`.
 * Groups come in ascending order: numbers numerically, strings by code unit (R sorts a character group's levels
 * in the locale's collation, which can differ for mixed case).
 * @param group the group of each subject.
 * @throws {LengthMismatchError} when `group` and `time` differ in length; otherwise as {@link cumulativeIncidence}.
 * @example
 * cumulativeIncidenceByGroup([1, 2, 3, 4], [1, 2, 1, 0], ['b', 'a', 'b', 'a'], { causes: ['death', 'discharge'] });
 * // => [{ group: 'a', curve: { states: ['(s0)', 'death', 'discharge'], steps: [...] } }, { group: 'b', ... }]
 */
export function cumulativeIncidenceByGroup<G extends string | number>(
  time: readonly number[],
  status: readonly number[],
  group: readonly G[],
  options: CumulativeIncidenceOptions,
): { group: G; curve: CumulativeIncidenceCurve }[] {
  if (group.length !== time.length) {
    throw new LengthMismatchError(`group has ${group.length} values but time has ${time.length}`);
  }
  const levels = [...new Set(group)].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1,
  );
  return levels.map((level) => {
    const rows = group.flatMap((g, i) => (g === level ? [i] : []));
    return {
      group: level,
      curve: cumulativeIncidence(
        rows.map((i) => time[i]!),
        rows.map((i) => status[i]!),
        options,
      ),
    };
  });
}

/**
 * The state probabilities at `horizon` (e.g. day 30): the last step at or before it, carried forward beyond the
 * last observed time, and the starting values (event-free 1, incidences 0, standard errors 0) before the first
 * step. Reproduces R's `summary(fit, times = horizon, extend = TRUE)` `$pstate`, `$std.err`, `$lower`, `$upper`,
 * except before the first time, where R fills the limits with 0 (an interval [0, 0] around an event-free
 * probability of 1); here they follow the log-type rule as at every other time: [1, 1], and `null` where p = 0.
 * @throws {InvalidArgumentError} when `horizon` is not a finite number.
 * @example
 * const curve = cumulativeIncidence([1, 2, 2, 3], [1, 2, 0, 1], { causes: ['death', 'discharge'] });
 * cumulativeIncidenceAt(curve, 2.5).pstate; // => [0.5, 0.25, 0.25], the values of day 2
 */
export function cumulativeIncidenceAt(
  curve: CumulativeIncidenceCurve,
  horizon: number,
): CumulativeIncidencePoint {
  if (!Number.isFinite(horizon)) {
    throw new InvalidArgumentError(`horizon is ${horizon}; give a finite time such as 30 (days)`);
  }
  let last: CumulativeIncidenceStep | undefined;
  for (const step of curve.steps) {
    if (step.time > horizon) break;
    last = step;
  }
  if (!last) {
    const pstate = curve.states.map((_, s) => (s === 0 ? 1 : 0));
    return {
      time: horizon,
      pstate,
      stdErr: pstate.map(() => 0),
      lower: pstate.map((p) => (p === 0 ? null : p)),
      upper: pstate.map((p) => (p === 0 ? null : p)),
    };
  }
  const { pstate, stdErr, lower, upper } = last;
  return { time: horizon, pstate: [...pstate], stdErr: [...stdErr], lower: [...lower], upper: [...upper] };
}

/** R's `survfit_confint(p, se, logse = FALSE, conf.type = "log")`: NA at p = 0, the upper limit capped at 1. */
function logInterval(p: number, se: number, z: number): { lower: number | null; upper: number | null } {
  if (p === 0) return { lower: null, upper: null };
  const halfWidth = se === 0 ? 0 : (z * se) / p;
  return { lower: Math.exp(Math.log(p) - halfWidth), upper: Math.min(1, Math.exp(Math.log(p) + halfWidth)) };
}

function checkInput(
  time: readonly number[],
  status: readonly number[],
  causes: readonly string[],
  confLevel: number,
): void {
  if (time.length !== status.length) {
    throw new LengthMismatchError(`time has ${time.length} values but status has ${status.length}`);
  }
  if (time.length === 0) throw new EmptyGroupError('competing-risks data has no observations');
  if (causes.length === 0) {
    throw new InvalidArgumentError(
      'options.causes is empty; name each event cause, e.g. ["death", "discharge"]',
    );
  }
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(`confLevel is ${confLevel}; it must be strictly between 0 and 1`);
  }
  for (let i = 0; i < time.length; i++) {
    if (!Number.isFinite(time[i]!)) {
      throw new NonFiniteValueError(`time[${i}] is ${time[i]}; every follow-up time must be a finite number`);
    }
    const s = status[i]!;
    if (!(Number.isInteger(s) && s >= 0 && s <= causes.length)) {
      const codes = causes.map((name, c) => `${c + 1} = ${name}`).join(', ');
      throw new InvalidArgumentError(`status[${i}] is ${s}; use 0 for censored or a cause code (${codes})`);
    }
  }
}
