// Part 12 of the examples: the pages src/run/spec-parts.ts puts here (declared by src/run/declare-tests.ts).
import { harness } from '../harness.ts';

const { test, declareExamples } = harness;

declareExamples(12, (title, details, body) => {
  test(title, details, body);
});
