/**
 * RFC references as links: "RFC 9112 §3.2" points at that section of the RFC Editor's HTML copy,
 * so a student reads the rule a test checks in one click. Everything else in the text is escaped.
 */
import { escapeHtml } from './escape-html.js';

const RFC_REFERENCE = /RFC (\d{1,5})(?: §(\d+(?:\.\d+)*))?/g;

export function rfcUrl(rfc: string, section?: string): string {
  return `https://www.rfc-editor.org/rfc/rfc${rfc}.html${section ? `#section-${section}` : ''}`;
}

/** The reference as HTML, each "RFC n" or "RFC n §s" in it a link; the rest escaped text. */
export function rfcReferenceHtml(text: string): string {
  let html = '';
  let at = 0;
  for (const match of text.matchAll(RFC_REFERENCE)) {
    html += escapeHtml(text.slice(at, match.index));
    html += `<a href="${rfcUrl(match[1]!, match[2])}" rel="external">${escapeHtml(match[0])}</a>`;
    at = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(at));
}
