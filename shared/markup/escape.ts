/**
 * Escaping for every page and figure the registry writes: report pages, SVG figures, verdict pages and the local
 * site index. Labels, center ids, file names and cell values can come from uploads or a committee's spec, so every
 * string inserted into markup goes through here, and there is one implementation to review.
 */

/**
 * Escapes text for use inside SVG/XML element content or a double- or single-quoted attribute value.
 * Characters that XML 1.0 forbids outright (C0 controls other than tab, newline, carriage return) are dropped.
 * @example escapeXml('<script>') // '&lt;script&gt;'
 */
export function escapeXml(text: string): string {
  return [...text]
    .filter((ch) => isXmlChar(ch.codePointAt(0)!))
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Escapes text for HTML element content and quoted attribute values: the same rules as {@link escapeXml}, since
 * every page is also valid XML text.
 * @example escapeHtml('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return escapeXml(text);
}

/** True for a code point XML 1.0 allows in a document. */
function isXmlChar(cp: number): boolean {
  if (cp < 0x20) return cp === 0x09 || cp === 0x0a || cp === 0x0d;
  return cp !== 0xfffe && cp !== 0xffff;
}
