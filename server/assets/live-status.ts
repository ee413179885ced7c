/**
 * Live progress on the page of a submission still being graded: listens to the submission's
 * server-sent events (`GET /submissions/:id/events`), shows each status as it arrives, and reloads
 * the page once the grading is done so the result is rendered by the server. Without this script
 * the page falls back to a `<meta refresh>` inside `<noscript>`.
 */

import { browser, type PageElement } from './browser-globals.js';

/** The `data` of a `status` event; see server/routes/submissions/events.ts. */
interface StatusEvent {
  status: 'queued' | 'grading' | 'graded' | 'failed';
  /** Submissions queued or grading that were sent before this one. */
  ahead: number;
  done: boolean;
}

/** After the stream fails this many times in a row, fall back to reloading the page. */
const RECONNECTS_BEFORE_RELOAD = 3;
const RELOAD_FALLBACK_MS = 3000;

function describe(event: StatusEvent): string {
  if (event.done) return 'done, loading the result…';
  const waiting = event.ahead === 0 ? '' : ` ${event.ahead} ${event.ahead === 1 ? 'submission is' : 'submissions are'} ahead of yours.`;
  return event.status === 'queued' ? `queued.${waiting}` : `grading…${waiting}`;
}

function follow(region: PageElement, url: string): void {
  const text = region.querySelector('[data-live-text]') ?? region;
  const note = region.querySelector('[data-live-note]');
  if (note) note.textContent = 'This page updates itself.';
  const source = new browser.EventSource(url);
  let failures = 0;

  source.addEventListener('status', (message) => {
    failures = 0;
    const event = JSON.parse(message.data) as StatusEvent;
    text.textContent = describe(event);
    region.dataset.liveStatus = event.status;
    if (event.done) {
      source.close();
      browser.location.reload();
    }
  });
  source.addEventListener('error', () => {
    failures += 1;
    // EventSource reconnects by itself; when that keeps failing, a reload shows whatever is true now.
    if (source.readyState === browser.EventSource.CLOSED || failures >= RECONNECTS_BEFORE_RELOAD) {
      source.close();
      browser.setTimeout(() => browser.location.reload(), RELOAD_FALLBACK_MS);
    }
  });
}

const region = browser.document.querySelector('[data-events-url]');
if (region?.dataset.eventsUrl) follow(region, region.dataset.eventsUrl);
