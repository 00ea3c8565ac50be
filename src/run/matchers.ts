/**
 * `expect(body).toMatchSchema(schema)`: Ajv validation whose failure message a doc writer can act on: the JSON
 * pointer, the broken rule, and the doc line the rule comes from.
 */
import { expect as baseExpect } from '@playwright/test';
import type { SchemaError, Validator } from '../schema/registry.ts';

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
