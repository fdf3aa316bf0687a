/** Typed access to test/fixtures/stats/group-comparison.json (made by group-comparison.R beside it, in R 4.2). */
import { readFileSync } from 'node:fs';

interface TestResultRef {
  statistic: number;
  df: number;
  p: number;
}

export interface GroupComparisonFixture {
  tolerance: { relative: number };
  descriptive: {
    name: string;
    x: number[];
    mean: number;
    sd: number;
    median: number;
    q: number[];
    probs: number[];
  }[];
  tTest: {
    name: string;
    x: number[];
    y: number[];
    student: TestResultRef & { confInt: number[]; estimate: number[] };
    welch: TestResultRef & { confInt: number[]; estimate: number[] };
  }[];
  mannWhitney: { name: string; x: number[]; y: number[]; statistic: number; p: number; exact: boolean }[];
  chiSquare: {
    name: string;
    counts: number[][];
    corrected: TestResultRef;
    uncorrected: TestResultRef;
    expected: number[][];
  }[];
  fisherExact: {
    name: string;
    counts: number[][];
    p: number;
    estimate: number | string;
    confInt: (number | string)[];
  }[];
}

export const groupComparison = JSON.parse(
  readFileSync('test/fixtures/stats/group-comparison.json', 'utf8'),
) as GroupComparisonFixture;
