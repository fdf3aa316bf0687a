import { EmptyGroupError, InvalidArgumentError, NonFiniteValueError } from '../../../shared/stats/errors.js';
import { studentTTest, welchTTest, type TTestResult } from '../../../shared/stats/t-test.js';
import { expectMatchesR } from '../../support/expect-matches-r.js';
import { groupComparison } from '../../support/group-comparison-fixture.js';

// Reference values: R 4.2 t.test(x, y, var.equal = TRUE) and t.test(x, y), by test/fixtures/stats/group-comparison.R.
const tol = groupComparison.tolerance.relative;

function expectSame(actual: TTestResult, ref: GroupRef, label: string): void {
  expectMatchesR(actual.statistic, ref.statistic, tol, `${label} statistic`);
  expectMatchesR(actual.df, ref.df, tol, `${label} df`);
  expectMatchesR(actual.pValue, ref.p, tol, `${label} p`);
  expectMatchesR(actual.estimate[0], ref.estimate[0]!, tol, `${label} mean x`);
  expectMatchesR(actual.estimate[1], ref.estimate[1]!, tol, `${label} mean y`);
  expectMatchesR(actual.confInt[0], ref.confInt[0]!, tol, `${label} lower`);
  expectMatchesR(actual.confInt[1], ref.confInt[1]!, tol, `${label} upper`);
}
type GroupRef = (typeof groupComparison.tTest)[number]['student'];

describe('studentTTest and welchTTest', () => {
  it.each(groupComparison.tTest.map((c) => [c.name, c] as const))('match R on %s', (_name, ref) => {
    expectSame(studentTTest(ref.x, ref.y), ref.student, 'student');
    expectSame(welchTTest(ref.x, ref.y), ref.welch, 'welch');
  });

  it('keeps relative precision for a very small p-value', () => {
    const tiny = groupComparison.tTest.find((c) => c.name.startsWith('tiny p'))!;
    expect(tiny.student.p).toBeLessThan(1e-30);
    expect(studentTTest(tiny.x, tiny.y).pValue).toBeGreaterThan(0);
  });

  it('widens the interval with the confidence level', () => {
    const [ref] = groupComparison.tTest;
    const r95 = studentTTest(ref!.x, ref!.y);
    const r99 = studentTTest(ref!.x, ref!.y, { confLevel: 0.99 });
    expect(r99.confInt[0]).toBeLessThan(r95.confInt[0]);
    expect(r99.confInt[1]).toBeGreaterThan(r95.confInt[1]);
  });

  it('rejects groups too small, constant data, non-finite values and a bad level', () => {
    expect(() => studentTTest([1], [2])).toThrow(EmptyGroupError);
    expect(() => welchTTest([1], [2, 3])).toThrow(EmptyGroupError);
    expect(() => studentTTest([2, 2, 2], [2, 2])).toThrow(/essentially constant/);
    expect(() => studentTTest([1, Number.NaN], [2, 3])).toThrow(NonFiniteValueError);
    expect(() => studentTTest([1, 2], [2, 3], { confLevel: 1 })).toThrow(InvalidArgumentError);
  });
});
