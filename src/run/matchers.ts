/**
 * `expect(body).toMatchSchema(schema)`: Ajv validation whose failure message a doc writer can act on: the JSON
 * pointer, the broken rule, and the doc line the rule comes from. `expect(problems).toHaveNoProblems(headline)`: the
 * same for the checks that are not schemas (documented properties, echoed values).
 */
import { expect as baseExpect } from '@playwright/test';
import type { SchemaError, Validator } from '../schema/registry.ts';
import { formatProblems, type Problem } from './response-checks.ts';

/** A compiled schema with the name a reader knows it by (`microsoft.graph.profilePhoto`). */
export interface NamedSchema {
  readonly name: string;
  readonly validate: Validator;
}

export function formatSchemaErrors(errors: readonly SchemaError[]): string {
  return errors
    .map((e) => `  ${e.pointer || '/'}: ${e.message} (${e.keyword})${e.source ? `, documented at ${e.source}` : ''}`)
    .join('\n');
}

export const expect = baseExpect.extend({
  /** The problems a check found, one pointer a line; an array diff would only repeat them less readably. */
  toHaveNoProblems(received: readonly Problem[], headline: string) {
    const pass = received.length === 0;
    return {
      pass,
      name: 'toHaveNoProblems',
      expected: [],
      actual: received,
      message: () => (pass ? `expected problems: ${headline}` : `${headline}:\n${formatProblems(received)}`),
    };
  },

  toMatchSchema(received: unknown, schema: NamedSchema) {
    const errors = schema.validate(received);
    const pass = errors.length === 0;
    return {
      pass,
      name: 'toMatchSchema',
      expected: schema.name,
      actual: received,
      message: () =>
        pass
          ? `expected the body not to match ${schema.name}`
          : `the body does not match ${schema.name}:\n${formatSchemaErrors(errors)}`,
    };
  },
});
