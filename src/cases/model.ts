/**
 * Replayable cases: what one conformance test sends and what the doc says must come back. Built from the page model,
 * consumed by the Playwright suite; no I/O and no Playwright here.
 */
import type { ByteRange } from '../core/content-range.ts';
import type { Body, Example, Page, ResponseExample } from '../docs/model.ts';
import type { GraphVersion, HttpMethod } from '../core/http.ts';
import type { Location } from '../core/finding.ts';
import type { SkipRuleId } from '../core/rules.ts';
import type { UrlPlace } from './handed-out.ts';
import type { StandIn } from './stand-in-body.ts';
import type { FilledValue, NeededValue } from './placeholders.ts';
import type { TypeElsewhere } from './same-request.ts';

export type { ParamSource } from './placeholders.ts';

export interface CaseRequest {
  readonly method: HttpMethod;
  /**
   * Version and path, filled: `/beta/users/4f1c…/photos`. For a request to a handed-out URL, the URL the doc shows
   * (only for reading: the request goes where the earlier answer points).
   */
  readonly path: string;
  /** Query string without `?`, or empty. */
  readonly query: string;
  /** Documented headers to send, without `Authorization`, `Host` and `Content-Length` (the client sets those). */
  readonly headers: readonly (readonly [string, string])[];
  /** The body as documented. */
  readonly body: Body;
  /** Real content sent in place of a documented placeholder body (`Binary data for the image`). */
  readonly standIn?: StandIn;
  /** The request goes to a URL an earlier request's answer hands out, not to a path of the target. */
  readonly handedOut?: HandedOutUrl;
}

/** How a request reaches a handed-out URL (an upload session's `uploadUrl`, a download's `Location`). */
export interface HandedOutUrl {
  /** The earlier example whose answer hands the URL out, and its request, filled like any case's. */
  readonly producer: Example;
  readonly producerRequest: CaseRequest;
  /** The status its documented answer shows: anything else means the URL never came. */
  readonly producerStatus: number;
  readonly at: UrlPlace;
  /** Bytes uploaded to the URL first, which the documented request presumes were sent. */
  readonly bytesBefore?: ByteRange;
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
  /** What the test checks beyond the example itself (`PATCH /users/{usersId}/photos`, `probe: …`): its title's tail. */
  readonly variant?: string;
  /** The documented operation (`## HTTP request` line) the test exercises: `PATCH /users/{usersId}/photos`. */
  readonly operation?: string;
}

/** Why a case or probe is not run: a rule of the rule table, and the reason in words (naming what is missing). */
export interface Skip {
  readonly rule: SkipRuleId;
  readonly reason: string;
}

/** A case that can run: every placeholder has a value. */
export interface ReadyCase extends CaseBase {
  readonly runnable: true;
  readonly kind: CaseKind;
  readonly request: CaseRequest;
  /** The values its path's placeholders were filled with, and where each came from (shown on the test). */
  readonly filled: readonly FilledValue[];
}

/** A case that cannot run; the reason names what is missing. It is reported as skipped, never sent half-filled. */
export interface SkippedCase extends CaseBase, Skip {
  readonly runnable: false;
  /**
   * `no-response`: the doc shows a request and no response to expect, so there is nothing to check.
   * `path-without-example`: a documented path that no example on the page speaks for.
   */
  readonly kind:
    CaseKind | { readonly type: 'no-response' } | { readonly type: 'path-without-example'; readonly template: string };
  /** The placeholders that had no value: what a run's discovery looks for in the target. */
  readonly needs?: readonly NeededValue[];
}

export type ConformanceCase = ReadyCase | SkippedCase;

/**
 * - `example`: the documented request, replayed; the answer must be the documented response.
 * - `documented-path`: the same request on another path the page documents for the method.
 * - `requires-auth`: the request without `Authorization`, where the headers table marks it required; must be 401.
 */
export type CaseKind =
  | {
      readonly type: 'example';
      readonly expected: ResponseExample;
      /** Item types other pages document for this very request (see same-request.ts): not departures here. */
      readonly elsewhere?: readonly TypeElsewhere[];
    }
  | { readonly type: 'documented-path'; readonly template: string; readonly expected: ResponseExample }
  | { readonly type: 'requires-auth' };
