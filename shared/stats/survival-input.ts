/**
 * Input guards shared by the survival statistics (Kaplan–Meier, log-rank). Each throws a named error that says
 * which argument was wrong and where.
 */
import { EmptyGroupError, InvalidArgumentError, LengthMismatchError, NonFiniteValueError } from './errors.js';

/** An event indicator: 1 / true = event (death), 0 / false = censored. */
export type EventIndicator = number | boolean;

/**
 * Validates right-censored survival data and returns the events as 0/1.
 * @throws {EmptyGroupError} when there are no observations.
 * @throws {LengthMismatchError} when `time` and `event` differ in length.
 * @throws {NonFiniteValueError} when a time is NaN or ±Infinity.
 * @throws {InvalidArgumentError} when an event indicator is not 0, 1, true or false.
 * @example
 * checkSurvivalInput([5, 8], [1, false]); // => [1, 0]
 */
export function checkSurvivalInput(time: readonly number[], event: readonly EventIndicator[]): number[] {
  if (time.length !== event.length) {
    throw new LengthMismatchError(`time has ${time.length} values but event has ${event.length}`);
  }
  if (time.length === 0) throw new EmptyGroupError('survival data has no observations');
  const events: number[] = new Array<number>(time.length);
  for (let i = 0; i < time.length; i++) {
    const t = time[i]!;
    if (!Number.isFinite(t)) {
      throw new NonFiniteValueError(`time[${i}] is ${t}; every follow-up time must be a finite number`);
    }
    const e = event[i];
    if (e === true || e === 1) events[i] = 1;
    else if (e === false || e === 0) events[i] = 0;
    else
      throw new InvalidArgumentError(
        `event[${i}] is ${String(e)}; use 1/true for an event, 0/false for censoring`,
      );
  }
  return events;
}
