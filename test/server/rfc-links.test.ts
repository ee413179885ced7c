import { describe, expect, it } from 'vitest';
import { highlightedCodeHtml } from '../../server/code-highlight.js';
import { rfcReferenceHtml } from '../../server/rfc-links.js';

describe('rfcReferenceHtml', () => {
  it('links an RFC section to its anchor in the RFC Editor copy', () => {
    expect(rfcReferenceHtml('RFC 9112 §3.2')).toBe('<a href="https://www.rfc-editor.org/rfc/rfc9112.html#section-3.2" rel="external">RFC 9112 §3.2</a>');
  });

  it('links a whole RFC, and leaves other references as escaped text', () => {
    expect(rfcReferenceHtml('RFC 768')).toBe('<a href="https://www.rfc-editor.org/rfc/rfc768.html" rel="external">RFC 768</a>');
    expect(rfcReferenceHtml('Kurose & Ross §2.7.2')).toBe('Kurose &amp; Ross §2.7.2');
    expect(rfcReferenceHtml('<b>RFC 1035 §4.1.4</b>')).toBe('&lt;b&gt;<a href="https://www.rfc-editor.org/rfc/rfc1035.html#section-4.1.4" rel="external">RFC 1035 §4.1.4</a>&lt;/b&gt;');
  });
});

describe('highlightedCodeHtml', () => {
  it('marks TypeScript keywords, strings and comments with classes, and escapes the code', () => {
    const html = highlightedCodeHtml('// a < b\nexport function f(): string { return "<x>"; }', 'ts');
    expect(html).toContain('<span class="tok-comment">// a &lt; b</span>');
    expect(html).toContain('<span class="tok-keyword">export</span>');
    expect(html).toContain('<span class="tok-string">&quot;&lt;x&gt;&quot;</span>');
    expect(html).not.toMatch(/<(?!\/?span)/);
  });

  it('leaves other languages as escaped plain text', () => {
    expect(highlightedCodeHtml('GET / HTTP/1.1\r\n<&>', 'http')).toBe('GET / HTTP/1.1\r\n&lt;&amp;&gt;');
    expect(highlightedCodeHtml('a < b', undefined)).toBe('a &lt; b');
  });
});
