/** The validation port: the dictionary's streaming engine, as the ingestion pipeline sees it. */
import type { RunRow } from '../dictionary/index.js';
import type { Language } from '../i18n/language.js';
import type { Verdict } from '../validation/verdict-schema.js';

/** Receives each typed row as it streams. Rows are provisional until the verdict accepts the file. */
export type RowHandler = (row: RunRow) => void | Promise<void>;

/** The verdict rendered as the files written next to an upload. */
export interface RenderedVerdict {
  json: string;
  html: string;
  csv: string;
}

/** How to render a verdict for its center. */
export interface RenderVerdictOptions {
  /** The center's language (the JSON stays English). */
  language: Language;
  /** Whether an annotated copy of the file is written next to the verdict, so the page links to it. */
  annotated: boolean;
}

export interface UploadValidator {
  /**
   * Validates an upload's bytes for the given (key's) center, handing each typed row to `onRow` as it streams;
   * resolves with the verdict once the whole file is read. One error rejects the whole file.
   */
  validate(
    body: AsyncIterable<Uint8Array>,
    options: { centerId: string; onRow: RowHandler },
  ): Promise<Verdict>;
  /** Renders a verdict for the center's private validation prefix. */
  render(verdict: Verdict, options: RenderVerdictOptions): RenderedVerdict;
}
