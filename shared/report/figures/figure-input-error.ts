/**
 * Thrown when a figure is given data it cannot draw honestly: a confidence interval that does not contain its
 * estimate, a ratio of zero on a log scale, a curve without points. The message names the figure, the row and
 * the value, so the report builder can say which analysis produced it.
 */
export class FigureInputError extends Error {
  override readonly name = 'FigureInputError';

  /**
   * @param figure the figure function that refused the input, e.g. `forestPlotSvg`.
   * @param message what was wrong, where, and how to fix it.
   */
  constructor(
    readonly figure: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${figure}: ${message}`, options);
  }
}
