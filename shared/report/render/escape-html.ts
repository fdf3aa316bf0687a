/**
 * Escapes text for HTML element content and quoted attribute values. Every value a page shows goes through
 * here: labels and center ids can come from uploads or a committee's spec.
 */
import { escapeXml } from '../figures/escape-xml.js';

/**
 * Escapes `& < > " '` and drops characters that may not appear in a document.
 * @example escapeHtml('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return escapeXml(text);
}
