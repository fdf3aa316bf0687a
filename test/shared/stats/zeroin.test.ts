import { ConvergenceError, InvalidArgumentError } from '../../../shared/stats/errors.js';
import { UNIROOT_TOL, zeroin } from '../../../shared/stats/zeroin.js';

// Reference values: R 4.2, uniroot(f, interval)$root printed with digits = 17:
//   uniroot(function(x) x^2 - 2, c(0, 2))$root      = 1.4142133199955025
//   uniroot(function(x) cos(x) - x, c(0, 1))$root   = 0.73909105828536981
//   uniroot(function(x) x^3 - 2 * x - 5, c(2, 3))$root = 2.0945412049478809
// These differ from the true roots at the 1e-6 level (tol = eps^0.25), so agreement to 1e-14 shows the same steps.
describe('zeroin', () => {
  it.each([
    ['x^2 - 2 on [0, 2]', (x: number) => x * x - 2, 0, 2, 1.4142133199955025],
    ['cos(x) - x on [0, 1]', (x: number) => Math.cos(x) - x, 0, 1, 0.73909105828536981],
    ['x^3 - 2x - 5 on [2, 3]', (x: number) => x ** 3 - 2 * x - 5, 2, 3, 2.0945412049478809],
  ] as const)('lands on the same root as R uniroot for %s', (_name, f, lower, upper, root) => {
    expect(zeroin(f, lower, upper)).toBeCloseTo(root, 14);
  });

  it('uses R default tolerance and returns an exact endpoint root', () => {
    expect(UNIROOT_TOL).toBeCloseTo(1.220703125e-4, 15);
    expect(zeroin((x) => x - 1, 1, 3)).toBe(1);
  });

  it('rejects an interval that does not bracket a root, and stops at the iteration limit', () => {
    expect(() => zeroin((x) => x * x + 1, -1, 1)).toThrow(InvalidArgumentError);
    expect(() => zeroin((x) => Math.exp(x) - 1000, 0, 50, 1e-300, 1)).toThrow(ConvergenceError);
  });
});
