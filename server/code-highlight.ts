/**
 * Syntax highlighting on the server, so that code in statements reads well without JavaScript:
 * the same Lezer grammar the editor uses turns TypeScript and JavaScript into spans whose
 * `tok-*` classes the stylesheet colours. Other languages are shown as plain text.
 */
import { classHighlighter, highlightCode } from '@lezer/highlight';
import { parser } from '@lezer/javascript';
import { escapeHtml } from './escape-html.js';

const parsers = {
  ts: parser.configure({ dialect: 'ts' }),
  js: parser,
} as const;

const LANGUAGE_NAMES: Record<string, keyof typeof parsers> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js', mjs: 'js' };

/** The code as HTML for inside `<code>`: highlighted when `language` is TypeScript or JavaScript, escaped always. */
export function highlightedCodeHtml(code: string, language: string | undefined): string {
  const dialect = LANGUAGE_NAMES[(language ?? '').trim().toLowerCase()];
  if (!dialect) return escapeHtml(code);
  let html = '';
  highlightCode(
    code,
    parsers[dialect].parse(code),
    classHighlighter,
    (text, classes) => {
      html += classes ? `<span class="${classes}">${escapeHtml(text)}</span>` : escapeHtml(text);
    },
    () => {
      html += '\n';
    },
  );
  return html;
}
