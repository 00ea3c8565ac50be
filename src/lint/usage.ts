/** The lint command's help text: its own module, so that `graph-conformance help` loads nothing else. */
export const LINT_USAGE = `  lint <files or folders...> [--format text|json] [--out FILE] [--include-root DIR]
      Check the docs offline: examples parse, responses and request bodies match the schemas
      from the tables, paths are documented, no TODOs. --include-root (repeatable) lets pages include files
      from a folder besides theirs. Exit 0: no errors; 1: errors; 2: could not run.`;
