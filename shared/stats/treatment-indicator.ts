/**
 * Input guard for a treatment (exposure) indicator, shared by matching and balance statistics.
 */
import { EmptyGroupError, InvalidArgumentError } from './errors.js';

/** A treatment indicator: 1 / true = treated (exposed), 0 / false = control. */
export type TreatmentIndicator = number | boolean;

/**
 * Converts a treatment indicator to booleans and checks both groups are present.
 * @throws {InvalidArgumentError} when a value is not 0, 1, true or false.
 * @throws {EmptyGroupError} when there is no treated or no control unit.
 * @example
 * toTreatmentFlags([1, 0, true]); // => [true, false, true]
 */
export function toTreatmentFlags(treated: readonly TreatmentIndicator[]): boolean[] {
  const flags = treated.map((t, i) => {
    if (t === true || t === 1) return true;
    if (t === false || t === 0) return false;
    throw new InvalidArgumentError(
      `treated[${i}] is ${String(t)}; use 1/true for treated, 0/false for control`,
    );
  });
  if (!flags.includes(true)) throw new EmptyGroupError('there are no treated units');
  if (!flags.includes(false)) throw new EmptyGroupError('there are no control units');
  return flags;
}
