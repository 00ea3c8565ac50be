#!/usr/bin/env node
// The compiled command (dist/, built by `npm ci` through `prepare`, or `npm run build`) when it was compiled from the
// sources as they are now; otherwise the TypeScript sources through tsx, so an edit is never run stale. Compiled, the
// command starts about three times faster: tsx transforms every module on load.
async function compiledIsCurrent() {
  try {
    return (await import('../dist/core/harness-version.js')).compiledIsCurrent();
  } catch {
    return false; // no build (or a broken one): the sources
  }
}

if (await compiledIsCurrent()) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
