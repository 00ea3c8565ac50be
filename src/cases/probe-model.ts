/**
 * Probes: requests the doc's tables say a service must refuse, and generated valid bodies it must accept. Built from
 * an example's case (its filled path, its headers, its body), so a probe differs from the example in one thing only.
 */
import type { ResponseExample } from '../docs/model.ts';
import type { HttpMethod } from '../core/http.ts';
import type { Location } from '../core/finding.ts';
import type { ObservationRuleId } from '../core/rules.ts';
import type { JsonSchema } from '../schema/json-schema.ts';
import type { CaseBase, Skip } from './model.ts';
import type { ProbeBody, WithMember } from './probe-body.ts';

export interface ProbeRequest {
  readonly method: HttpMethod;
  /** Version and filled path: `/beta/me/photos`. */
  readonly path: string;
  readonly query: string;
  /** Headers to send besides `Authorization` (the runner adds it). */
  readonly headers: readonly (readonly [string, string])[];
  /**
   * The body, written out when sent (`bodyTextOf`): it may be deliberately not JSON, or hold a number JSON.stringify
   * cannot write.
   */
  readonly body?: ProbeBody;
}

/** The status a refused probe must get, and why. */
export type RefusalStatus = 400 | 415;

/**
 * - `refused`: the doc says this request is wrong; the answer must be `status` with Graph's error body.
 * - `replay`: bodies generated from the request-body table are valid; each must get the documented success.
 * - `observe`: the doc is silent or conditional about these requests; what the target answers is recorded as an
 *   observation, never a failure (at `STRICTNESS=strict`, one whose strict reading the target breaks is).
 */
export type ProbeCheck =
  | {
      readonly type: 'refused';
      readonly status: RefusalStatus;
      readonly request: ProbeRequest;
      /** What the doc says, with `file:line`: `height is Int32 (fixtures/docs/update-photos.md:48)`. */
      readonly rule: string;
      /**
       * Where the page's example body contradicts its request-body table: how the body was made to match the table
       * (the contract) before the one fault was put in, so the probe still isolates that fault.
       */
      readonly matched?: string;
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
      /**
       * The success answers the page's other examples of this method show, with another status (chat-post: `201`
       * for a chat, `202` for one with installed apps): which one a generated body gets is the page's condition, not
       * stated for it, so an answer with one of these statuses is checked against that answer.
       */
      readonly alternatives: readonly ResponseExample[];
      /** The type the answer is checked against. */
      readonly responseType?: string;
      /**
       * Properties whose sent value must come back: those the documented answer shows, where that answer is the
       * written resource (an update, a create); none for an action, whose answer is something else.
       */
      readonly comesBack: readonly string[];
    }
  | {
      readonly type: 'observe';
      readonly rule: ObservationRuleId;
      /** The example's request; each item sends its own body. */
      readonly request: ProbeRequest;
      readonly items: readonly ObservedRequest[];
    };

/** One request the page is silent or conditional about. */
export interface ObservedRequest {
  /** The property it is about. */
  readonly subject: string;
  /** What the page says of it, as a clause: `the page is silent on null for width`. */
  readonly says: string;
  readonly documented: Location;
  /** The example's body with the member it is about (`subject`) set to the value observed. */
  readonly body: WithMember;
  /** At `STRICTNESS=strict`, the answer the strict reading expects (OData's default for silence: null accepted). */
  readonly strict?: 'accepted';
}

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
export interface SkippedProbe extends ProbeBase, Skip {
  readonly runnable: false;
}

export type ProbeCase = ReadyProbe | SkippedProbe;
