/**
 * Escapes text for use inside SVG/XML element content or a double- or single-quoted attribute value.
 * Labels can come from uploaded files, so every string this library inserts into markup itself goes through here.
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

/** True for a code point XML 1.0 allows in a document. */
function isXmlChar(cp: number): boolean {
  if (cp < 0x20) return cp === 0x09 || cp === 0x0a || cp === 0x0d;
  return cp !== 0xfffe && cp !== 0xffff;
}
