/**
 * Replaces the exercise page's code text box with a CodeMirror editor. The text box stays in the
 * form (hidden) and receives the editor's text when the form is sent, so the server reads the
 * same `code` field with or without this script.
 *
 * Keyboard: Tab indents, as in any code editor; Escape then Tab (or Shift-Tab) leaves the
 * editor, so keyboard users are never trapped in it (WCAG 2.1.2).
 */
import { indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { Compartment, Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { browser, type PageElement, type SelectElement, type TextAreaElement } from './browser-globals.js';

/** How long after Escape the Tab key moves focus instead of indenting (CodeMirror's own default). */
const TAB_LEAVES_MS = 2000;

function languageFor(select: SelectElement | null) {
  return javascript({ typescript: select?.value !== 'js' });
}

function enhance(textarea: TextAreaElement): void {
  const form = textarea.form;
  if (!form) return;
  const label = browser.document.querySelector(`label[for="${textarea.id}"]`);
  const select = form.querySelector<SelectElement>('select[name="language"]');
  const language = new Compartment();

  const contentAttributes: Record<string, string> = { 'aria-multiline': 'true' };
  if (label) {
    label.id ||= `${textarea.id}-label`;
    contentAttributes['aria-labelledby'] = label.id;
  }
  const describedBy = textarea.getAttribute('aria-describedby');
  const keyboardHint = browser.document.getElementById(`${textarea.id}-keyboard`);
  const descriptions = [describedBy, keyboardHint?.id].filter(Boolean).join(' ');
  if (descriptions) contentAttributes['aria-describedby'] = descriptions;

  const view = new EditorView({
    doc: textarea.value,
    extensions: [
      basicSetup,
      keymap.of([indentWithTab]),
      // CodeMirror lets Tab leave after Escape, but not when Escape also closed a popup (the
      // completion list): set the mode first, and let the popup still close (`false`).
      Prec.highest(keymap.of([{ key: 'Escape', run: (editor) => (editor.setTabFocusMode(TAB_LEAVES_MS), false) }])),
      language.of(languageFor(select)),
      EditorView.contentAttributes.of(contentAttributes),
      EditorView.theme({ '&': { maxHeight: '36rem' }, '.cm-scroller': { overflow: 'auto' } }),
    ],
  });
  (view.dom as unknown as PageElement).classList.add('code-editor');
  textarea.insertAdjacentElement('afterend', view.dom);
  textarea.hidden = true;
  keyboardHint?.removeAttribute('hidden');

  // The label points at the hidden text box; clicking it should reach the editor instead.
  label?.addEventListener('click', (event) => {
    event.preventDefault();
    view.focus();
  });
  select?.addEventListener('change', () => view.dispatch({ effects: language.reconfigure(languageFor(select)) }));
  form.addEventListener('submit', () => {
    textarea.value = view.state.doc.toString();
  });
  form.dataset.editorReady = 'true';
}

const textarea = browser.document.querySelector<TextAreaElement>('textarea[data-code-editor]');
if (textarea) enhance(textarea);
