// Part 2 of the probes: the pages src/run/spec-parts.ts puts here (declared by src/run/declare-tests.ts).
import { harness } from '../harness.ts';

harness.declareProbes(2, (title, details, body) => {
  harness.test(title, details, body);
});
