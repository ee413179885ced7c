/**
 * Live progress bar on the page of a running regrade: follows the regrade's server-sent events
 * (`GET /courses/:courseSlug/regrades/:regradeId/events`), moves the `<progress>` bar and the
 * counts as items finish, and reloads the page once the regrade has ended so the server renders
 * the summary. Without this script the page falls back to a `<meta refresh>` inside `<noscript>`.
 */

import { browser, type PageElement } from './browser-globals.js';

/** The `data` of a `progress` event; see server/regrades/regrade-progress.ts. */
interface ProgressEvent {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  finished: number;
  ended: boolean;
}

interface ProgressBarElement extends PageElement {
  value: number;
  max: number;
}

const RECONNECTS_BEFORE_RELOAD = 3;
const RELOAD_FALLBACK_MS = 3000;

function follow(region: PageElement, url: string): void {
  const bar = region.querySelector<ProgressBarElement>('progress');
  const text = region.querySelector('[data-live-text]');
  const note = region.querySelector('[data-live-note]');
  if (note) note.textContent = 'This page updates itself.';
  const source = new browser.EventSource(url);
  let failures = 0;

  source.addEventListener('progress', (message) => {
    failures = 0;
    const event = JSON.parse(message.data) as ProgressEvent;
    if (bar) {
      bar.max = Math.max(1, event.total);
      bar.value = event.finished;
    }
    if (text) text.textContent = `${event.finished} of ${event.total} (${event.failed} failed, ${event.skipped} skipped)`;
    if (event.ended) {
      source.close();
      browser.location.reload();
    }
  });
  source.addEventListener('error', () => {
    failures += 1;
    if (source.readyState === browser.EventSource.CLOSED || failures >= RECONNECTS_BEFORE_RELOAD) {
      source.close();
      browser.setTimeout(() => browser.location.reload(), RELOAD_FALLBACK_MS);
    }
  });
}

const region = browser.document.querySelector('[data-regrade-events-url]');
if (region?.dataset.regradeEventsUrl) follow(region, region.dataset.regradeEventsUrl);
