/**
 * Probes: requests the doc's tables say a service must refuse, and generated valid bodies it must accept. Built from
 * an example's case (its filled path, its headers, its body), so a probe differs from the example in one thing only.
 */
import type { ResponseExample } from '../docs/model.ts';
import type { HttpMethod } from '../core/http.ts';
import type { Location } from '../core/finding.ts';
import type { JsonSchema } from '../schema/json-schema.ts';
import type { CaseBase } from './model.ts';

export interface ProbeRequest {
  readonly method: HttpMethod;
  /** Version and filled path: `/beta/me/photos`. */
  readonly path: string;
  readonly query: string;
  /** Headers to send besides `Authorization` (the runner adds it). */
  readonly headers: readonly (readonly [string, string])[];
  /** Sent as is: a probe's body may be deliberately not JSON, or hold a number JSON.stringify cannot write. */
  readonly bodyText?: string;
}

/** The status a refused probe must get, and why. */
export type RefusalStatus = 400 | 415;

/**
 * - `refused`: the doc says this request is wrong; the answer must be `status` with Graph's error body.
 * - `replay`: bodies generated from the request-body table are valid; each must get the documented success.
 */
export type ProbeCheck =
  | {
      readonly type: 'refused';
      readonly status: RefusalStatus;
      readonly request: ProbeRequest;
      /** What the doc says, with `file:line`: `height is Int32 (fixtures/docs/update-photos.md:48)`. */
      readonly rule: string;
    }
  | {
      readonly type: 'replay';
      /** The example's request; the body is generated per run. */
      readonly request: ProbeRequest;
      /** Properties generated, each from its table row's schema. */
      readonly properties: readonly GeneratedProperty[];
      /** Sent in every body as the example sends them (`@odata.type`). */
      readonly fixed: Readonly<Record<string, unknown>>;
      /** Properties left out of the generated bodies, and why. */
      readonly leftOut: readonly { readonly name: string; readonly reason: string }[];
      readonly expected: ResponseExample;
      /** The type the answer is checked against. */
      readonly responseType?: string;
    };

export interface GeneratedProperty {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly location: Location;
  /** The row says "Required.": every generated body carries it. */
  readonly required: boolean;
}

/**
 * A probe is placed like a case: titled `<example title> › probe: <what is probed>`, tagged with the example's tags
 * and `@probe`, and `documented` at the doc row or example it is derived from.
 */
type ProbeBase = CaseBase;

export interface ReadyProbe extends ProbeBase {
  readonly runnable: true;
  readonly check: ProbeCheck;
}

/** A probe the doc cannot decide, or whose example cannot run: skipped with the reason, never guessed. */
export interface SkippedProbe extends ProbeBase {
  readonly runnable: false;
  readonly reason: string;
}

export type ProbeCase = ReadyProbe | SkippedProbe;
