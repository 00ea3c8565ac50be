// Part 11 of the probes: the pages src/run/spec-parts.ts puts here (declared by src/run/declare-tests.ts).
import { harness } from '../harness.ts';

const { test, declareProbes } = harness;

declareProbes(11, (title, details, body) => {
  test(title, details, body);
});
