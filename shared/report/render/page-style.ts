/**
 * The report pages' only stylesheet, inlined into each page: system fonts, no external resource, and print rules
 * for A4 (15 mm margins; figures and tables kept whole where they fit; table headers repeat on each page).
 */
export const PAGE_STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #111; background: #fff; margin: 0 auto; max-width: 60rem; padding: 1rem 1.25rem 3rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; break-after: avoid; page-break-after: avoid; }
.banner { font-weight: bold; padding: 0.5rem 0.75rem; border: 2px solid; margin: 0.5rem 0; }
.banner.provisional { background: #fff4d6; border-color: #b07800; }
.banner.final { background: #e3f4e6; border-color: #1f7a33; }
.private { background: #eef3fb; border: 1px solid #4a6fa5; padding: 0.5rem 0.75rem; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.75rem 0; }
dl.provenance dt { font-weight: bold; }
dl.provenance dd { margin: 0; overflow-wrap: anywhere; }
.rule { border-left: 4px solid #555; padding-left: 0.75rem; }
.key-findings { border-left: 4px solid #1f4e8c; padding: 0.25rem 0 0.25rem 1.75rem; font-size: 1.05rem; }
nav ol { columns: 2; padding-left: 1.25rem; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-weight: bold; margin-bottom: 0.4rem; }
.downloads { font-size: 0.85rem; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; break-inside: avoid; page-break-inside: avoid; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.5rem; text-align: right; vertical-align: top; }
th[scope="row"], thead th:first-child { text-align: left; font-weight: normal; }
thead th { border-bottom: 2px solid #333; font-weight: bold; }
.note { font-style: italic; }
a { color: #0b4f9c; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, .downloads { display: none; }
  .table-wrap { overflow: visible; }
  table { font-size: 8pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
