/**
 * The metadata a run or a lint has, by Graph version: one CSDL index and one scopes index per version. A document
 * whose version is not known serves every version that has no document of its own.
 */
import type { GraphVersion } from '../core/http.ts';
import type { CsdlModel } from './csdl.ts';
import { MetadataIndex } from './metadata-index.ts';
import type { PathScopes, ScopesModel } from './scopes.ts';

export class MetadataSet {
  private readonly indexes: readonly MetadataIndex[];
  private readonly scopeIndexes: readonly ScopesIndex[];

  constructor(csdl: readonly CsdlModel[] = [], scopes: readonly ScopesModel[] = []) {
    this.indexes = csdl.map((model) => new MetadataIndex(model));
    this.scopeIndexes = scopes.map((model) => new ScopesIndex(model));
  }

  /** No document at all: every metadata check is off. */
  get empty(): boolean {
    return this.indexes.length === 0 && this.scopeIndexes.length === 0;
  }

  /** The CSDL of a page's version. */
  csdl(version: GraphVersion | undefined): MetadataIndex | undefined {
    return forVersion(this.indexes, (i) => i.model.version, version);
  }

  /** The permission scopes of a page's version. */
  scopes(version: GraphVersion | undefined): ScopesIndex | undefined {
    return forVersion(this.scopeIndexes, (i) => i.model.version, version);
  }
}

/** The paths of a scopes file, by path in any letter case; a function's parameters may be left out when unambiguous. */
export class ScopesIndex {
  private readonly byPath = new Map<string, PathScopes>();
  private readonly byName = new Map<string, PathScopes[]>();

  constructor(readonly model: ScopesModel) {
    for (const entry of model.paths) {
      const exact = entry.path.toLowerCase();
      if (!this.byPath.has(exact)) this.byPath.set(exact, entry);
      const loose = withoutArguments(exact);
      const same = this.byName.get(loose);
      if (same) same.push(entry);
      else this.byName.set(loose, [entry]);
    }
  }

  /** `/me/calendars`, `/me/reminderView(startDateTime,endDateTime)` (any case). */
  lookup(path: string): PathScopes | undefined {
    const lower = path.toLowerCase();
    const exact = this.byPath.get(lower);
    if (exact) return exact;
    const loose = this.byName.get(withoutArguments(lower));
    return loose?.length === 1 ? loose[0] : undefined;
  }
}

function withoutArguments(path: string): string {
  return path.replace(/\([^()]*\)/g, '()');
}

function forVersion<T>(
  items: readonly T[],
  versionOf: (item: T) => GraphVersion | undefined,
  version: GraphVersion | undefined,
): T | undefined {
  if (version !== undefined) {
    const own = items.find((item) => versionOf(item) === version);
    if (own) return own;
  }
  const unversioned = items.filter((item) => versionOf(item) === undefined);
  if (unversioned.length > 0) return unversioned[0];
  return version === undefined && items.length === 1 ? items[0] : undefined;
}
