import { canonicalJson, diffAggregates, sameAggregate } from '../../../shared/ingest/aggregate-diff.js';
import { emptyAggregate } from '../../../shared/ingest/quarter-aggregator.js';

describe('canonicalJson', () => {
  it('serialises equal values alike whatever their key order, arrays kept in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe('sameAggregate / diffAggregates', () => {
  const q1 = emptyAggregate('C001', '2023-Q1');
  const q2 = emptyAggregate('C001', '2023-Q2');
  const q3 = emptyAggregate('C001', '2023-Q3');
  const changed = { ...q2, runs: q2.runs + 1 };

  it('tells equal aggregates from changed ones, whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(q1).reverse()) as typeof q1;
    expect(sameAggregate(q1, reordered)).toBe(true);
    expect(sameAggregate(q2, changed)).toBe(false);
  });

  it('puts the changed and new quarters, removes the emptied ones, and leaves the rest alone', () => {
    const diff = diffAggregates([q1, q2, q3], [q1, changed, emptyAggregate('C001', '2023-Q4')]);
    expect(diff.put.map((a) => a.quarter)).toEqual(['2023-Q2', '2023-Q4']);
    expect(diff.put[0]).toBe(changed);
    expect(diff.remove).toEqual(['2023-Q3']);
    expect(diffAggregates([q1], [q1])).toEqual({ put: [], remove: [] });
  });
});
