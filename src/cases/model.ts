/**
 * Replayable cases: what one conformance test sends and what the doc says must come back. Built from the page model,
 * consumed by the Playwright suite; no I/O and no Playwright here.
 */
import type { Body, Example, GraphVersion, HttpMethod, Location, Page, ResponseExample } from '../docs/model.ts';

export interface CaseRequest {
  readonly method: HttpMethod;
  /** Version and path, filled: `/beta/users/4f1c…/photos`. */
  readonly path: string;
  /** Query string without `?`, or empty. */
  readonly query: string;
  /** Documented headers to send, without `Authorization`, `Host` and `Content-Length` (the client sets those). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Body;
}

export interface CaseBase {
  /** Test title: `<doc file> › <example name>[ › <variant>]`. Stable: derived from the docs only. */
  readonly title: string;
  readonly page: Page;
  readonly example: Example;
  /** `@PATCH`, `@beta`, … */
  readonly tags: readonly string[];
  readonly version: GraphVersion;
  /** The request as the doc shows it, for the report. */
  readonly documented: Location;
}

/** A case that can run: every placeholder has a value. */
export interface ReadyCase extends CaseBase {
  readonly runnable: true;
  readonly kind: CaseKind;
  readonly request: CaseRequest;
}

/** A case that cannot run; the reason names what is missing. It is reported as skipped, never sent half-filled. */
export interface SkippedCase extends CaseBase {
  readonly runnable: false;
  /**
   * `no-response`: the doc shows a request and no response to expect, so there is nothing to check.
   * `path-without-example`: a documented path that no example on the page speaks for.
   */
  readonly kind: CaseKind | { readonly type: 'no-response' } | { readonly type: 'path-without-example'; readonly template: string };
  readonly reason: string;
}

export type ConformanceCase = ReadyCase | SkippedCase;

/**
 * - `example`: the documented request, replayed; the answer must be the documented response.
 * - `documented-path`: the same request on another path the page documents for the method.
 * - `requires-auth`: the request without `Authorization`, where the headers table marks it required; must be 401.
 */
export type CaseKind =
  | { readonly type: 'example'; readonly expected: ResponseExample }
  | { readonly type: 'documented-path'; readonly template: string; readonly expected: ResponseExample }
  | { readonly type: 'requires-auth' };

/** Where placeholder values come from: settings, the tenant file, or the embedded mock's defaults. */
export type ParamSource = (name: string) => string | undefined;
