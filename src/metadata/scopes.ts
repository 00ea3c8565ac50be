/**
 * Graph's permission-scopes file (`apiPermissionsAndScopes-<version>.xml` of msgraph-metadata), as data: for each
 * path it annotates (`microsoft.graph/me/calendars`, written without keys), the scopes each kind of permission needs
 * for each kind of request, least privileged first. Pure: text in, model or a located error out.
 */
import type { Location } from '../core/finding.ts';
import type { GraphVersion } from '../core/http.ts';
import { scopeNames } from '../core/scope-names.ts';
import { attribute, children, readXml, type XmlElement } from './xml.ts';

/** The three kinds of permission a Graph permissions table has a row for. */
export type PermissionScheme = 'delegated-work' | 'delegated-personal' | 'application';

export const SCHEME_NAMES: Readonly<Record<PermissionScheme, string>> = {
  'delegated-work': 'Delegated (work or school account)',
  'delegated-personal': 'Delegated (personal Microsoft account)',
  application: 'Application',
};

/** A permissions table's first cell or a scopes file's `SchemeName` → the scheme; undefined for anything else. */
export function schemeOf(text: string): PermissionScheme | undefined {
  if (/personal/i.test(text)) return 'delegated-personal';
  if (/delegated/i.test(text)) return 'delegated-work';
  if (/^\W*application/i.test(text)) return 'application';
  return undefined;
}

/**
 * The OData capability a request exercises: `read` a collection or singleton, `readByKey` one entity of a collection,
 * `insert` (POST to a collection), `update` (PATCH, PUT), `delete`, or `operation` (an action or function).
 */
export type Restriction = 'read' | 'readByKey' | 'insert' | 'update' | 'delete' | 'operation';

/** The scopes each scheme accepts, in the file's order (least privileged first). A scheme not listed gets none. */
export type SchemeScopes = Partial<Readonly<Record<PermissionScheme, readonly string[]>>>;

export interface PathScopes {
  /** As the file writes it, without the `microsoft.graph` prefix: `/me/calendars`, `/me/reminderView(StartDateTime,EndDateTime)`. */
  readonly path: string;
  readonly restrictions: Partial<Readonly<Record<Restriction, SchemeScopes>>>;
  readonly location: Location;
}

export interface ScopesModel {
  readonly source: string;
  readonly version?: GraphVersion;
  readonly paths: readonly PathScopes[];
}

export type ScopesReading =
  | { readonly ok: true; readonly model: ScopesModel }
  | { readonly ok: false; readonly error: string; readonly location: Location };

const TERMS: Readonly<Record<string, Restriction>> = {
  'Org.OData.Capabilities.V1.ReadRestrictions': 'read',
  'Org.OData.Capabilities.V1.InsertRestrictions': 'insert',
  'Org.OData.Capabilities.V1.UpdateRestrictions': 'update',
  'Org.OData.Capabilities.V1.DeleteRestrictions': 'delete',
  'Org.OData.Capabilities.V1.OperationRestrictions': 'operation',
};

export function readScopes(source: string, text: string, version?: GraphVersion): ScopesReading {
  const xml = readXml(source, text);
  if (!xml.ok) return xml;
  const schema = children(xml.root, 'Schema')[0];
  if (!schema) {
    return {
      ok: false,
      error: 'not a permission-scopes file: expected a <Schema> of <Annotations Target="microsoft.graph/…">',
      location: { file: source, line: 1 },
    };
  }
  const paths: PathScopes[] = [];
  for (const block of children(schema, 'Annotations')) {
    const target = attribute(block, 'Target') ?? '';
    const slash = target.indexOf('/');
    if (slash < 0) continue; // `microsoft.graph.GraphService`: the list of every scope, not a path
    const restrictions: Partial<Record<Restriction, SchemeScopes>> = {};
    for (const annotation of children(block, 'Annotation')) {
      const restriction = TERMS[attribute(annotation, 'Term') ?? ''];
      const record = children(annotation, 'Record')[0];
      if (restriction === undefined || !record) continue;
      restrictions[restriction] = merge(restrictions[restriction], permissionsOf(record));
      if (restriction === 'read') {
        const byKey = children(propertyValue(record, 'ReadByKeyRestrictions'), 'Record')[0];
        if (byKey) restrictions.readByKey = merge(restrictions.readByKey, permissionsOf(byKey));
      }
    }
    paths.push({ path: target.slice(slash), restrictions, location: xml.locate(block) });
  }
  return { ok: true, model: { source, ...(version ? { version } : {}), paths } };
}

/**
 * `<PropertyValue Property="Permissions"><Collection><Record>` with a `SchemeName` and its `Scopes`. Some operation
 * annotations leave the records out and list `SchemeName`, `Scopes`, `SchemeName`, … pairs in the collection itself.
 */
function permissionsOf(record: XmlElement): SchemeScopes {
  const result: Partial<Record<PermissionScheme, string[]>> = {};
  const collection = children(propertyValue(record, 'Permissions'), 'Collection')[0];
  const records = children(collection, 'Record');
  const pairs: { scheme?: XmlElement | undefined; scopes?: XmlElement | undefined }[] = records.map((permission) => ({
    scheme: propertyValue(permission, 'SchemeName'),
    scopes: propertyValue(permission, 'Scopes'),
  }));
  for (const value of children(collection, 'PropertyValue')) {
    if (attribute(value, 'Property') === 'SchemeName') pairs.push({ scheme: value });
    else if (attribute(value, 'Property') === 'Scopes' && pairs.length > 0 && records.length === 0) {
      const last = pairs[pairs.length - 1];
      if (last && !last.scopes) last.scopes = value;
    }
  }
  for (const { scheme: schemeName, scopes: scopesValue } of pairs) {
    const scheme = schemeOf(attribute(schemeName ?? {}, 'String') ?? '');
    if (scheme === undefined) continue;
    // A few entries are prose (`User.Read.All and Group.Read.All`, `Not supported.`): the scope names in them count.
    const scopes = children(children(scopesValue, 'Collection')[0], 'Record').flatMap((scope) =>
      scopeNames(attribute(propertyValue(scope, 'Scope') ?? {}, 'String') ?? ''),
    );
    result[scheme] = [...new Set([...(result[scheme] ?? []), ...scopes])];
  }
  return result;
}

function propertyValue(record: XmlElement, name: string): XmlElement | undefined {
  return children(record, 'PropertyValue').find((value) => attribute(value, 'Property') === name);
}

/** Two annotations of one path and kind (the file repeats some): their scopes together, first ones first. */
function merge(a: SchemeScopes | undefined, b: SchemeScopes): SchemeScopes {
  if (!a) return b;
  const result: Partial<Record<PermissionScheme, readonly string[]>> = { ...a };
  for (const [scheme, scopes] of Object.entries(b) as [PermissionScheme, readonly string[]][])
    result[scheme] = [...new Set([...(a[scheme] ?? []), ...scopes])];
  return result;
}
