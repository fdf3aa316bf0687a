import {
  EmptyGroupError,
  InvalidArgumentError,
  LengthMismatchError,
  NonFiniteValueError,
} from '../../../shared/stats/errors.js';
import { checkSurvivalInput } from '../../../shared/stats/survival-input.js';

describe('checkSurvivalInput', () => {
  test('returns 0/1 events from numbers or booleans', () => {
    expect(checkSurvivalInput([3, 5, 8, 1], [1, false, true, 0])).toEqual([1, 0, 1, 0]);
  });

  test('rejects mismatched, empty, non-finite and non-binary input, naming the position', () => {
    expect(() => checkSurvivalInput([1, 2], [1])).toThrow(LengthMismatchError);
    expect(() => checkSurvivalInput([], [])).toThrow(EmptyGroupError);
    expect(() => checkSurvivalInput([1, Number.NaN], [1, 0])).toThrow(NonFiniteValueError);
    expect(() => checkSurvivalInput([1, Number.NaN], [1, 0])).toThrow(/time\[1\]/);
    expect(() => checkSurvivalInput([1, 2], [1, 2])).toThrow(InvalidArgumentError);
    expect(() => checkSurvivalInput([1, 2], [1, 2])).toThrow(/event\[1\] is 2/);
  });
});
