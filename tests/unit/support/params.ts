/**
 * Placeholder values for tests that build cases: by name, as `PARAM_<name>` settings give them.
 */
import { namedValues, placeholderSource, type ParamSource } from '../../../src/cases/placeholders.ts';

/** Fills each `{name}` that `values` has; the others have no value. */
export function byName(values: Readonly<Record<string, string>>): ParamSource {
  return placeholderSource(
    { kind: 'values', layers: [{ values, origin: { kind: 'setting' } }], embeddedTenant: false },
    [],
  );
}

/** Every placeholder filled, as `lint` does (its value is `placeholder`). */
export const EVERY_NAME: ParamSource = placeholderSource({ kind: 'all-filled' }, []);

/** Every placeholder filled with what `value` gives for its name. */
export const eachName = (value: (name: string) => string): ParamSource => namedValues(value);
