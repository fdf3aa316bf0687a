/**
 * Input guards shared by the statistics in this folder. Each throws a named error that says which argument was
 * wrong and where, so a report never publishes a statistic computed from NaN or from an empty group.
 */
import { EmptyGroupError, NonFiniteValueError } from './errors.js';

/** Throws `NonFiniteValueError` naming the first NaN or ±Infinity in `values` (argument `name`, 0-based index). */
export function requireFinite(values: readonly number[], name: string): void {
  const index = values.findIndex((value) => !Number.isFinite(value));
  if (index >= 0) {
    throw new NonFiniteValueError(
      `${name}[${index}] is ${values[index]}; remove or impute it before testing`,
    );
  }
}

/** Throws `EmptyGroupError` unless `values` has at least `min` observations. */
export function requireSize(values: readonly unknown[], min: number, name: string): void {
  if (values.length < min) {
    throw new EmptyGroupError(`${name} has ${values.length} observation(s); at least ${min} are needed`);
  }
}
