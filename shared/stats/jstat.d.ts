// Minimal typings for the parts of jstat the registry uses. jstat ships no types; only
// shared/stats/distributions.ts may import it (STYLE.md: one typed wrapper).
declare module 'jstat' {
  interface ContinuousDistribution {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
    pdf(x: number, ...params: number[]): number;
  }
  export const jStat: {
    normal: ContinuousDistribution;
    studentt: ContinuousDistribution;
    chisquare: ContinuousDistribution;
    centralF: ContinuousDistribution;
    ibeta(x: number, a: number, b: number): number;
    lowRegGamma(a: number, x: number): number;
    gammaln(x: number): number;
    erfc(x: number): number;
    erf(x: number): number;
  };
}
