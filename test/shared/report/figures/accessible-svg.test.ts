import { figureIdPrefix, makeAccessibleSvg } from '../../../../shared/report/figures/accessible-svg.js';
import { FigureInputError } from '../../../../shared/report/figures/figure-input-error.js';

describe('makeAccessibleSvg', () => {
  const raw =
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" role="graphics-document" aria-label="old">' +
    '<defs><clipPath id="clip7"><rect/></clipPath></defs><g clip-path="url(#clip7)"></g></svg>';

  it('inserts title and desc first, points aria-labelledby at them, and replaces any old role', () => {
    const out = makeAccessibleSvg(raw, { title: 'T', description: 'D' }, 'fig-a');
    expect(out).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="10" role="img" aria-labelledby="fig-a-title fig-a-desc"><title id="fig-a-title">T<\/title><desc id="fig-a-desc">D<\/desc><defs>/,
    );
    expect(out).not.toContain('graphics-document');
    expect(out).not.toContain('aria-label="old"');
  });

  it('renames ids and their references under the prefix', () => {
    const out = makeAccessibleSvg(raw, { title: 'T', description: 'D' }, 'fig-a');
    expect(out).toContain('<clipPath id="fig-a-1">');
    expect(out).toContain('clip-path="url(#fig-a-1)"');
    expect(out).not.toContain('clip7');
  });

  it('hides unnamed mark containers, drops the role of unnamed groups and keeps named guides', () => {
    const marks =
      '<svg width="10"><g class="mark-group role-frame root" role="graphics-object" aria-roledescription="group mark container">' +
      '<g class="mark-rule role-mark rule_marks" role="graphics-symbol" aria-roledescription="rule mark container"><line/></g>' +
      '<g class="mark-group role-axis" role="graphics-symbol" aria-roledescription="axis" aria-label="X-axis titled \'a > b\'"></g>' +
      '<g class="mark-line role-mark hidden_marks" aria-hidden="true"></g>' +
      '<g class="mark-text role-mark t_marks" role="graphics-object" aria-roledescription="text mark container"></g></g></svg>';
    const out = makeAccessibleSvg(marks, { title: 'T', description: 'D' }, 'fig-a');
    expect(out).toContain('<g class="mark-group role-frame root">');
    expect(out).toContain('<g class="mark-rule role-mark rule_marks" aria-hidden="true"><line/></g>');
    expect(out).toContain(
      '<g class="mark-group role-axis" role="graphics-symbol" aria-roledescription="axis" aria-label="X-axis titled \'a > b\'">',
    );
    expect(out).toContain('<g class="mark-line role-mark hidden_marks" aria-hidden="true">');
    expect(out).toContain('<g class="mark-text role-mark t_marks">');
    expect(out.match(/role="/g)).toHaveLength(2);
  });

  it('refuses a prefix that is not an XML name, and output without an svg root', () => {
    expect(() => makeAccessibleSvg(raw, { title: 'T', description: 'D' }, '"><x')).toThrow(FigureInputError);
    expect(() => makeAccessibleSvg('<html>', { title: 'T', description: 'D' }, 'p')).toThrow(/no <svg> root/);
  });
});

describe('figureIdPrefix', () => {
  it('is stable for the same content and differs for different content', () => {
    expect(figureIdPrefix('abc')).toBe(figureIdPrefix('abc'));
    expect(figureIdPrefix('abc')).not.toBe(figureIdPrefix('abd'));
    // FNV-1a 32 of "a" is 0xe40c292c (reference value from the FNV specification's test vectors).
    expect(figureIdPrefix('a')).toBe('fig-e40c292c');
  });
});
