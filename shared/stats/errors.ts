/**
 * Named errors of the statistics engine. Each says what was wrong with the input, so a report that cannot be
 * computed fails loudly instead of publishing NaN.
 */
export class StatsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input arrays that must be paired have different lengths. */
export class LengthMismatchError extends StatsError {}

/** A group or sample that must have observations is empty (or too small for the statistic). */
export class EmptyGroupError extends StatsError {}

/** An input contains NaN or ±Infinity. */
export class NonFiniteValueError extends StatsError {}

/** The outcome is perfectly (or quasi-perfectly) predicted by the covariates; MLEs do not exist. */
export class SeparationError extends StatsError {}

/** An iterative fit did not converge within its iteration limit. */
export class ConvergenceError extends StatsError {}

/** A covariate is constant or a linear combination of others; `covariate` names it. */
export class CollinearityError extends StatsError {
  constructor(
    message: string,
    readonly covariate: string,
  ) {
    super(message);
  }
}

/** A matching caliper (or the data) leaves no treated unit with a control. */
export class NoMatchesError extends StatsError {}

/** An argument is outside its allowed domain (probability outside [0,1], m < 2 imputations, …). */
export class InvalidArgumentError extends StatsError {}
