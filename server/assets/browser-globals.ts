/**
 * The few browser APIs the page scripts use, typed here instead of through TypeScript's `dom`
 * library: the project is type-checked as one Node program, and adding `dom` to it would change
 * the types of Node globals (`File`, `fetch`) for the server and the tests too.
 */

export interface PageElement {
  id: string;
  hidden: boolean;
  textContent: string | null;
  readonly dataset: Record<string, string | undefined>;
  readonly classList: { add(...tokens: string[]): void };
  getAttribute(name: string): string | null;
  removeAttribute(name: string): void;
  insertAdjacentElement(where: 'afterend', element: unknown): unknown;
  querySelector<E extends PageElement = PageElement>(selectors: string): E | null;
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void): void;
  focus(): void;
}

export interface TextAreaElement extends PageElement {
  value: string;
  readonly form: PageElement | null;
}

export interface SelectElement extends PageElement {
  value: string;
}

export interface ServerEventSource {
  readonly readyState: number;
  addEventListener(type: string, listener: (message: { data: string }) => void): void;
  close(): void;
}

interface BrowserGlobals {
  document: {
    querySelector<E extends PageElement = PageElement>(selectors: string): E | null;
    getElementById(id: string): PageElement | null;
  };
  location: { reload(): void };
  setTimeout(callback: () => void, ms: number): number;
  EventSource: { new (url: string): ServerEventSource; readonly CLOSED: number };
}

export const browser = globalThis as unknown as BrowserGlobals;
