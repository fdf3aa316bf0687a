import { EmptyGroupError, NonFiniteValueError } from '../../../shared/stats/errors.js';
import { requireFinite, requireSize } from '../../../shared/stats/input-checks.js';

describe('input checks', () => {
  it('passes finite values and names the first non-finite one by argument and index', () => {
    expect(() => requireFinite([0, -1.5, 1e308], 'age')).not.toThrow();
    expect(() => requireFinite([1, 2, -Infinity, Number.NaN], 'age')).toThrow(NonFiniteValueError);
    expect(() => requireFinite([1, 2, -Infinity, Number.NaN], 'age')).toThrow('age[2] is -Infinity');
  });

  it('requires a minimum number of observations and says how many there were', () => {
    expect(() => requireSize([1, 2], 2, 'x')).not.toThrow();
    expect(() => requireSize([1], 2, 'x')).toThrow(EmptyGroupError);
    expect(() => requireSize([], 1, 'y')).toThrow('y has 0 observation(s); at least 1 are needed');
  });
});
