/**
 * Where the values of `{placeholders}` come from, as data: a case is runnable only when each placeholder of its path
 * has a value. Data rather than a lookup function, so that a doc set built with it can be cached and compared.
 */
import { defaultParamFor } from '../core/embedded-tenant.ts';
import { ownValue } from '../core/json.ts';
import { paramVariable } from './build-cases.ts';
import type { ParamSource } from './model.ts';

export type Placeholders =
  /** `lint`: the tenant is unknown, so every placeholder counts as filled and only the doc's own reasons skip a case. */
  | { readonly kind: 'all-filled' }
  | {
      readonly kind: 'values';
      /** In order: the first layer with a value for a name wins. */
      readonly layers: readonly PlaceholderLayer[];
      /** What is left is filled with the embedded mock tenant's own users (the run targets the embedded mock). */
      readonly embeddedTenant: boolean;
    };

export interface PlaceholderLayer {
  readonly values: Readonly<Record<string, string>>;
  /** Also found under the name its `PARAM_` variable has (`{item-id}` under `item_id`): for the `PARAM_` settings. */
  readonly byVariableName?: boolean;
}

/** The value of a placeholder, or undefined when it has none. */
export function placeholderSource(placeholders: Placeholders): ParamSource {
  if (placeholders.kind === 'all-filled') return () => 'placeholder';
  return (name) => {
    for (const { values, byVariableName } of placeholders.layers) {
      // Own values only: a placeholder named `constructor` is not Object's.
      const value =
        ownValue(values, name) ?? (byVariableName === true ? ownValue(values, variableName(name)) : undefined);
      if (value !== undefined) return value;
    }
    return placeholders.embeddedTenant ? defaultParamFor(name) : undefined;
  };
}

function variableName(name: string): string {
  return paramVariable(name).slice('PARAM_'.length);
}
