/**
 * Resource and enum pages → their type definitions. Pure: the page's tokens in, definitions and findings out.
 *
 * A resource page documents one type: `## Properties` and `## Relationships` tables, and a `## JSON representation`
 * block whose `blockType: resource` annotation names the type (`@odata.type`) and carries `baseType`,
 * `optionalProperties`, `openType`, `keyProperty`, … (ApiDoctor's meaning). Enum types come from `enumPageType` pages
 * (`## Members`) and from `### x values` sections, on enums.md and on resource pages alike.
 */
import { readAnnotation } from './annotation.ts';
import { inlineText, type Token } from './markdown.ts';
import type {
  EnumDefinition,
  EnumMember,
  JsonRepresentationProperty,
  PropertyRow,
  ResourceDefinition,
} from './model.ts';
import type { Finding, Location } from '../core/finding.ts';
import { cellAt, column, readTable, type Table } from './tables.ts';
import { inheritsFrom } from './inherits-from.ts';

/**
 * "This is an _open type_", "hence this is an [open type](…)", "This type is an open type" (plannerAssignments): the
 * resource takes properties its tables do not name.
 */
const OPEN_IN_PROSE = /\b(?:this|it)(?: (?:type|resource|complex type))? is an\s+[_*[]*open type\b/i;

export interface ResourcePageInput {
  readonly file: string;
  readonly tokens: readonly Token[];
  readonly frontMatter: Readonly<Record<string, unknown>>;
  readonly namespace: string;
  readonly title?: string;
  /** Maps a 1-based line of the token stream to the doc place it shows (included text comes from other files). */
  readonly locate?: (line: number) => Location;
}

export interface ResourcePageReading {
  readonly resource?: ResourceDefinition;
  readonly enums: readonly EnumDefinition[];
  readonly findings: readonly Finding[];
}

type Section = 'properties' | 'relationships' | 'json' | 'members' | 'enum-values' | 'other';

/** `doc_type` as pages spell it: quoted or not, `resourcePageType_`, `enumTypes`. */
/** A sub-heading of the Properties section whose table is not the resource's properties. */
function describesOther(heading: string): boolean {
  return /^properties of\b|\binstance attributes\b|^example|\bremarks\b|\bdefinitions?\b|\bdata types\b|\bderived types\b/i.test(
    heading.trim(),
  );
}

/** The front matter's `doc_type`, normalised: `resourcepagetype`, `apipagetype`, `conceptualpagetype`, …, or ''. */
export function docTypeOf(frontMatter: Readonly<Record<string, unknown>>): string {
  const raw = frontMatter.doc_type;
  return typeof raw === 'string' ? raw.replace(/["']/g, '').trim().toLowerCase() : '';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const QUALIFIED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function readResourcePage(input: ResourcePageInput): ResourcePageReading {
  return new ResourcePageReader(input).read();
}

interface PendingJson {
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly annotationLine?: number;
}

class ResourcePageReader {
  private readonly findings: Finding[] = [];
  private readonly properties: PropertyRow[] = [];
  private readonly relationships: PropertyRow[] = [];
  private readonly enums: EnumDefinition[] = [];
  private propertiesLine: number | undefined;
  private annotation: Readonly<Record<string, unknown>> | undefined;
  private annotationLine: number | undefined;
  private json: { properties: JsonRepresentationProperty[]; odataType?: string; line: number } | undefined;
  /** The base type the prose before the tables names ("Inherits from [entity](entity.md)"). */
  private inherits: string | undefined;
  /** The prose before the JSON representation says "This is an _open type_" (feedbackTokenSet says it only there). */
  private openInProse = false;
  private readonly docType: string;

  constructor(private readonly input: ResourcePageInput) {
    this.docType = docTypeOf(input.frontMatter);
  }

  read(): ResourcePageReading {
    const tokens = this.input.tokens;
    let section: Section = 'other';
    /** A second-level heading was met: before one, a table sits under the title. */
    let sectioned = false;
    let enumName: string | undefined;
    let enumLine = 0;
    let pending: PendingJson | undefined;
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index];
      if (!token) continue;
      const line = token.map ? token.map[0] + 1 : 1;
      if (token.type === 'html_block') {
        pending = this.resourceAnnotation(token.content, line) ?? pending;
        continue;
      }
      if (token.type === 'fence') {
        const language = token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
        if (pending?.fields || (section === 'json' && (language === 'json' || language === '') && !this.json)) {
          this.readJsonBlock(token.content, line + 1, pending);
        }
        pending = undefined;
        continue;
      }
      pending = undefined;
      if (token.type === 'inline' && this.inherits === undefined && this.propertiesLine === undefined && !this.json)
        this.inherits = inheritsFrom(token.content);
      if (token.type === 'inline' && !this.json && OPEN_IN_PROSE.test(token.content)) this.openInProse = true;
      if (token.type === 'heading_open' && token.markup.startsWith('#')) {
        const heading = tokens[index + 1];
        const text = heading ? inlineText(heading) : '';
        if (/^\[[^\]]*\]\(#tab\/[^)]*\)$/i.test(heading?.content.trim() ?? '')) continue;
        const level = Number(token.tag.slice(1));
        const values = / values$/i.test(text) ? text.slice(0, -' values'.length).trim() || undefined : undefined;
        if (level >= 2 && values !== undefined && IDENTIFIER.test(values)) {
          section = 'enum-values';
          enumName = values;
          enumLine = line;
        } else if (level <= 2) {
          sectioned ||= level === 2;
          section = sectionOf(text);
          if (section === 'properties') this.propertiesLine ??= line;
        } else if (
          section === 'enum-values' ||
          ((section === 'properties' || section === 'relationships') && describesOther(text))
        ) {
          // "### Properties of a claims-mapping policy definition", "### Instance attributes", "### Legal age group
          // property definitions" describe something else; "### Indicator observables - email" still lists properties.
          section = 'other';
        }
      } else if (token.type === 'table_open') {
        const { table, next } = readTable(tokens, index);
        if (section === 'properties') this.readRows(table, this.properties);
        else if (!sectioned && this.properties.length === 0 && isPropertyTable(table)) {
          // securescorecontrolstateupdate.md: the Property | Type | Description table right under the title, with
          // no "## Properties" heading: it is the resource's table all the same.
          this.propertiesLine ??= table.line;
          this.readRows(table, this.properties);
        } else if (section === 'relationships') this.readRows(table, this.relationships);
        else if (section === 'enum-values' && enumName !== undefined) this.readEnum(table, enumName, enumLine);
        else if (section === 'members' && this.isEnumPage())
          this.readEnum(table, enumPageName(this.input.title) ?? stem(this.input.file), line);
        index = next - 1;
      }
    }
    const resource = this.resource();
    return { ...(resource ? { resource } : {}), enums: this.enums, findings: this.findings };
  }

  private isEnumPage(): boolean {
    return this.docType === 'enumpagetype' || this.docType === 'enumtypes';
  }

  /** By doc_type, by a resource annotation, or by shape: a few resource pages say `apiPageType`. */
  private isResourcePage(): boolean {
    return (
      this.docType.startsWith('resourcepagetype') ||
      this.annotation !== undefined ||
      (this.propertiesLine !== undefined && this.json !== undefined)
    );
  }

  private resourceAnnotation(html: string, line: number): PendingJson | undefined {
    const reading = readAnnotation(html, this.at(line));
    if (reading.kind !== 'annotation' || reading.annotation.blockType !== 'resource') return undefined;
    return { fields: reading.annotation.fields, annotationLine: line };
  }

  private readJsonBlock(content: string, firstLine: number, pending: PendingJson | undefined): void {
    if (this.json || this.annotation) {
      if (pending?.fields) {
        const at = pending.annotationLine ?? firstLine;
        this.report(
          'multiple-resources',
          'warning',
          'a second resource block on the page is not read: a page documents one resource',
          at,
        );
      }
      return;
    }
    if (pending?.fields) {
      this.annotation = pending.fields;
      this.annotationLine = pending.annotationLine;
    }
    const scanned = scanTopLevel(content);
    this.json = {
      properties: scanned.keys.map((key) => ({
        name: key.name,
        collection: key.collection,
        location: this.at(firstLine + key.line - 1),
      })),
      ...(scanned.odataType ? { odataType: scanned.odataType } : {}),
      line: firstLine,
    };
  }

  private readRows(table: Table, into: PropertyRow[]): void {
    const name = column(table, 'property', 'name', 'relationship', 'property name', 'relationship name', 'parameter');
    const type = column(table, 'type');
    const description = column(table, 'description');
    if (name < 0 || type < 0) return;
    for (const row of table.rows) {
      // `backupReviewers (deprecated)`: the remark is not part of the name.
      const propertyName = withoutRemark(trimStars(cellAt(row, name).text)).trim();
      // A bold first cell with empty others is a section divider, not a property.
      if (propertyName === '' || row.cells.slice(1).every((c) => c.text === '')) continue;
      into.push({
        name: propertyName,
        type: cellAt(row, type),
        description: cellAt(row, description).text,
        location: this.at(row.line),
      });
    }
  }

  private readEnum(table: Table, name: string, line: number): void {
    const memberColumn = Math.max(0, column(table, 'member', 'name', 'enum member'));
    const valueColumn = table.header.findIndex(
      (cell, index) => index !== memberColumn && /^(int )?value$/i.test(cell.text.trim()),
    );
    const members: EnumMember[] = [];
    for (const row of table.rows) {
      const member = trimStars(cellAt(row, memberColumn).text).trim();
      if (!IDENTIFIER.test(member)) continue;
      const raw = valueColumn >= 0 ? cellAt(row, valueColumn).text.trim() : '';
      const value = /^-?\d+$/.test(raw) ? Number(raw) : undefined;
      members.push({ name: member, ...(value !== undefined ? { value } : {}), location: this.at(row.line) });
    }
    if (members.length === 0) return;
    const qualified = name.includes('.') ? name : `${this.input.namespace}.${name}`;
    const existing = this.enums.find((e) => e.name.toLowerCase() === qualified.toLowerCase());
    if (existing) return; // a second table under the same heading continues nothing we can tell apart; the first wins
    this.enums.push({ name: qualified, members, flags: isFlags(members), location: this.at(line) });
  }

  private resource(): ResourceDefinition | undefined {
    if (!this.isResourcePage() || this.isEnumPage()) return undefined;
    if (this.properties.length === 0 && this.relationships.length === 0 && !this.json) return undefined;
    const fields = this.annotation ?? {};
    const named = this.typeName(fields);
    if (!named) return undefined;
    const location = this.at(this.annotationLine ?? this.json?.line ?? this.propertiesLine ?? 1);
    const annotated = typeof fields.baseType === 'string' ? fields.baseType.trim() : undefined;
    if (annotated === '')
      this.report('missing-resource-type', 'warning', 'the resource annotation has an empty "baseType"', location.line);
    // The annotation wins; the prose says the same on most pages, and is all that many say.
    const baseType = annotated || this.inherits;
    const nullable = strings(fields.nullableProperties);
    return {
      name: named.name,
      nameSource: named.source,
      ...(baseType ? { baseType: this.qualify(baseType) } : {}),
      properties: this.properties,
      relationships: this.relationships,
      optionalProperties: strings(fields.optionalProperties) ?? [],
      ...(nullable ? { nullableProperties: nullable } : {}),
      ...(typeof fields.keyProperty === 'string' && fields.keyProperty !== ''
        ? { keyProperty: fields.keyProperty }
        : {}),
      openType: isTrue(fields.openType) || this.openInProse,
      abstract: isTrue(fields.abstract) || isTrue(fields.isAbstract),
      ...(this.json ? { json: this.json.properties } : {}),
      location,
    };
  }

  /** ApiDoctor names the resource by the annotation's `@odata.type`; without one, by the block's, then the title. */
  private typeName(
    fields: Readonly<Record<string, unknown>>,
  ): { name: string; source: ResourceDefinition['nameSource'] } | undefined {
    const declared =
      typeof fields['@odata.type'] === 'string'
        ? fields['@odata.type']
        : typeof fields['@type'] === 'string'
          ? fields['@type']
          : undefined;
    const fromAnnotation = declared === undefined ? undefined : cleanTypeName(declared);
    if (fromAnnotation) return { name: this.qualify(fromAnnotation), source: 'annotation' };
    const line = this.annotationLine ?? this.json?.line ?? this.propertiesLine ?? 1;
    const fromJson = this.json?.odataType === undefined ? undefined : cleanTypeName(this.json.odataType);
    if (fromJson) {
      this.report(
        'missing-resource-type',
        'warning',
        `the JSON representation has no resource annotation naming its type; "${fromJson}" is read from the block's @odata.type`,
        line,
      );
      return { name: this.qualify(fromJson), source: 'json' };
    }
    const fromTitle = /^(\S+)\s+(resource|entity|complex)\s+type\b/i.exec(this.input.title ?? '')?.[1];
    if (fromTitle && IDENTIFIER.test(fromTitle)) {
      this.report(
        'missing-resource-type',
        'warning',
        `the page names its resource type nowhere but in its title; "${fromTitle}" is read from the title`,
        line,
      );
      return { name: this.qualify(fromTitle), source: 'title' };
    }
    this.report(
      'missing-resource-type',
      'error',
      'a resource page that names no resource type (no "@odata.type" in a resource annotation, nor a "<type> resource type" title): its tables give no schema',
      line,
    );
    return undefined;
  }

  private qualify(name: string): string {
    return name.includes('.') ? name : `${this.input.namespace}.${name}`;
  }

  private report(rule: Finding['rule'], severity: Finding['severity'], message: string, line: number): void {
    this.findings.push({ rule, severity, message, location: this.at(line) });
  }

  private at(line: number): Location {
    return this.input.locate ? this.input.locate(line) : { file: this.input.file, line };
  }
}

function sectionOf(heading: string): Section {
  const text = heading.toLowerCase().replace(/\s+/g, ' ').trim();
  if (text === 'properties' || text === 'instance attributes') return 'properties';
  if (text === 'relationships') return 'relationships';
  if (text === 'json representation') return 'json';
  if (text === 'members') return 'members';
  return 'other';
}

/** `**name**` → `name`: the bold markers left around a cell's text. */
function trimStars(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === '*') start++;
  while (end > start && text[end - 1] === '*') end--;
  return text.slice(start, end);
}

/** `backupReviewers (deprecated)` → `backupReviewers`: a final parenthesised remark, with the space before it. */
function withoutRemark(text: string): string {
  if (!text.endsWith(')')) return text;
  const open = text.indexOf('(', text.lastIndexOf(')', text.length - 2) + 1);
  return open < 0 ? text : text.slice(0, open).trimEnd();
}

/** `enablement enum type` → `enablement`. */
function enumPageName(title: string | undefined): string | undefined {
  const name = /^(\S+)\s+enum(eration)?\s+type\b/i.exec(title ?? '')?.[1];
  return name && IDENTIFIER.test(name) ? name : undefined;
}

function stem(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.md$/i, '');
}

/** `#microsoft.graph.user`, `Collection(microsoft.graph.user)` → `microsoft.graph.user`; anything else → undefined. */
function cleanTypeName(raw: string): string | undefined {
  const text = raw.trim().replace(/^#/, '');
  const inner = /^collection\((.+)\)$/i.exec(text)?.[1]?.trim() ?? text;
  return QUALIFIED.test(inner) ? inner : undefined;
}

/**
 * OData flags enums number their members with distinct powers of two (a `None` = 0 may come first). A run 0, 1, 2 is
 * also an ordinary enum, so a flags enum must reach 4.
 */
/** A table headed Property | Type | Description (in any letter case, with any more columns). */
function isPropertyTable(table: Table): boolean {
  const names = table.header.map((cell) => cell.text.trim().toLowerCase());
  return names[0] === 'property' && names[1] === 'type';
}

function isFlags(members: readonly EnumMember[]): boolean {
  const values = members.map((m) => m.value);
  if (values.some((v) => v === undefined)) return false;
  const nonZero = values.filter((v): v is number => v !== undefined && v !== 0);
  if (nonZero.length < 3 || new Set(nonZero).size !== nonZero.length) return false;
  return nonZero.every((v) => v > 0 && (v & (v - 1)) === 0) && nonZero.some((v) => v >= 4);
}

function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

interface ScannedKey {
  readonly name: string;
  readonly collection: boolean;
  /** 1-based line within the block. */
  readonly line: number;
}

/**
 * The top-level property names of a JSON representation block and whether each value is an array. The blocks are
 * illustrations, often not JSON (`"a | b"` values are fine, but so are comments, `...` and stray braces), so the keys
 * are found by scanning, not by parsing: a string followed by `:` at the first nesting level is a key.
 */
export function scanTopLevel(text: string): { keys: ScannedKey[]; odataType?: string } {
  const keys: ScannedKey[] = [];
  let odataType: string | undefined;
  let depth = 0;
  let opened = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') line++;
    else if (char === '{' || char === '[') {
      depth++;
      opened = true;
    } else if (char === '}' || char === ']') depth = Math.max(0, depth - 1);
    else if (char === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (char === '"') {
      const startLine = line;
      let value = '';
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) {
        if (text[i] === '\\') i++;
        value += text[i] ?? '';
      }
      if (text[i] === '\n') line++;
      if (!opened || depth > 1) continue;
      const after = /^\s*:\s*(\S)?/.exec(text.slice(i + 1, i + 200));
      if (!after) continue;
      if (value === '@odata.type') {
        odataType = /^\s*:\s*"([^"]*)"/.exec(text.slice(i + 1, i + 300))?.[1];
        continue;
      }
      if (value.includes('@')) continue;
      if (!keys.some((k) => k.name === value))
        keys.push({ name: value, collection: after[1] === '[', line: startLine });
    }
  }
  return odataType === undefined ? { keys } : { keys, odataType };
}
