import { EmptyGroupError, InvalidArgumentError } from '../../../shared/stats/errors.js';
import { toTreatmentFlags } from '../../../shared/stats/treatment-indicator.js';

describe('toTreatmentFlags', () => {
  test('reads 1/true as treated and 0/false as control', () => {
    expect(toTreatmentFlags([1, 0, true, false])).toEqual([true, false, true, false]);
  });

  test('rejects other values, naming the position, and a missing group', () => {
    expect(() => toTreatmentFlags([1, 2, 0])).toThrow(InvalidArgumentError);
    expect(() => toTreatmentFlags([1, 2, 0])).toThrow(/treated\[1\] is 2/);
    expect(() => toTreatmentFlags([0, false])).toThrow(/no treated units/);
    expect(() => toTreatmentFlags([1, true])).toThrow(EmptyGroupError);
  });
});
