import { escapeHtml, escapeXml } from '../../../shared/markup/escape.js';

describe('escapeXml', () => {
  it('escapes the five XML specials and drops forbidden control characters', () => {
    expect(escapeXml(`<a href='x'>"&"</a>\u0001`)).toBe(
      '&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;',
    );
  });

  it('keeps tab, newline and non-ASCII text such as Chinese labels', () => {
    expect(escapeXml('体外膜肺\t1\n')).toBe('体外膜肺\t1\n');
  });
});

describe('escapeHtml', () => {
  it('escapes an attribute-breaking value the same way as escapeXml', () => {
    const hostile = `" onmouseover="alert(1)`;
    expect(escapeHtml(hostile)).toBe('&quot; onmouseover=&quot;alert(1)');
    expect(escapeHtml(hostile)).toBe(escapeXml(hostile));
  });
});
