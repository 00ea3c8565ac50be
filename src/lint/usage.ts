/** The lint command's help text: its own module, so that `graph-conformance help` loads nothing else. */
export const LINT_USAGE = `  lint <files or folders...> [--metadata FILE|URL]... [--format text|json] [--out FILE]
      Check the docs offline: examples parse, responses and request bodies match the schemas
      from the tables, paths are documented, no TODOs. With --metadata ([v1.0=|beta=]FILE or URL,
      CSDL or permission scopes; repeatable), also against Graph's metadata: properties, types, enums,
      paths, parameters and permissions. Exit 0: no errors; 1: errors; 2: could not run.`;
