/**
 * ApiDoctor annotations: an HTML comment holding a JSON object, right before the code block it describes.
 * `<!-- { "blockType": "request", "name": "update_photos" } -->`. Text after the object is allowed (the
 * permissions tooling writes `// Note: ...` there), so the object is cut out by brace matching, not by the comment end.
 */
import type { Annotation, AnnotationMeaning } from './model.ts';
import type { Location } from '../core/finding.ts';
import { readJson, type Repair } from './lenient-json.ts';

export type AnnotationReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'annotation'; readonly annotation: Annotation; readonly repairs: readonly Repair[] }
  /** `overLimit`: the annotation's JSON is over a limit of `limits.ts`, so it was not read. */
  | { readonly kind: 'invalid'; readonly error: string; readonly overLimit?: true };

/** Reads an html_block's text. Comments that hold no JSON object (`<!-- uuid: ... -->`) are not annotations. */
export function readAnnotation(html: string, location: Location): AnnotationReading {
  const trimmed = html.trim();
  if (!trimmed.startsWith('<!--')) return { kind: 'none' };
  const inner = trimmed.slice(4).replace(/-->\s*$/, '');
  const start = inner.indexOf('{');
  if (start < 0 || inner.slice(0, start).trim() !== '') return { kind: 'none' };
  const end = matchingBrace(inner, start);
  if (end < 0) return { kind: 'invalid', error: 'the annotation has no closing "}"' };

  const reading = readJson(inner.slice(start, end + 1));
  if (!reading.ok)
    return reading.overLimit
      ? { kind: 'invalid', error: `the annotation ${reading.error}: it is not read`, overLimit: true }
      : { kind: 'invalid', error: `the annotation is not valid JSON: ${reading.error}` };
  const fields = reading.value;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return { kind: 'invalid', error: 'the annotation is not a JSON object' };
  }
  const record = fields as Record<string, unknown>;
  const blockType =
    typeof record.blockType === 'string' ? record.blockType : typeof record.type === 'string' ? record.type : 'unknown';
  const annotation: Annotation = {
    blockType,
    names: namesOf(record.name),
    fields: record,
    meaning: meaningOf(record),
    source: 'comment',
    location,
  };
  return { kind: 'annotation', annotation, repairs: reading.repairs };
}

/** The annotation a block without one is read with: its role comes from its first line (ApiDoctor's inference). */
export function inferredAnnotation(blockType: 'request' | 'response', location: Location): Annotation {
  return { blockType, names: [], fields: {}, meaning: meaningOf({}), source: 'inferred', location };
}

/**
 * ApiDoctor's reading of the fields (`CodeBlockAnnotation`). Built member by member, in the order the model lists
 * them: an object literal whose first member is spread from `cond ? { member } : {}` is made by a runtime call, about
 * a microsecond each, and every code block of a docs tree has a meaning.
 */
export function meaningOf(record: Readonly<Record<string, unknown>>): AnnotationMeaning {
  const declared = text(record['@odata.type']) ?? text(record['@type']);
  const wrapped = declared ? /^collection\((.+)\)$/i.exec(declared) : null;
  const odataType = (wrapped?.[1] ?? declared)?.trim();
  const aka = text(record['@type.aka']);
  const nullable = record.nullableProperties;
  const keyProperty = text(record.keyProperty);
  const baseType = text(record.baseType);
  const target = text(record.target);
  const meaning: Writable<AnnotationMeaning> = {} as Writable<AnnotationMeaning>;
  if (odataType) meaning.odataType = odataType;
  if (aka) meaning.odataTypeAka = aka;
  meaning.isCollection = isTrue(record.isCollection) || wrapped !== null;
  meaning.collectionProperty = text(record.collectionProperty) ?? 'value';
  meaning.truncated = isTrue(record.truncated);
  meaning.isEmpty = isTrue(record.isEmpty);
  meaning.expectError = isTrue(record.expectError);
  meaning.optionalProperties = list(record.optionalProperties);
  if (nullable !== undefined) meaning.nullableProperties = list(nullable);
  if (keyProperty) meaning.keyProperty = keyProperty;
  if (baseType !== undefined) meaning.baseType = baseType;
  meaning.openType = isTrue(record.openType);
  meaning.abstract = isTrue(record.abstract) || isTrue(record.isAbstract);
  meaning.isMediaEntity = isTrue(record.isMediaEntity);
  meaning.scopes = list(record.scopes ?? record.scope);
  meaning.sampleKeys = list(record.sampleKeys);
  meaning.tags = list(record.tags);
  if (target) meaning.target = target;
  meaning.opaqueUrl = isTrue(record.opaqueUrl);
  return meaning;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

/** A list written as an array, or as one string separated by spaces or commas (`"scopes": "files.read files.readwrite"`). */
function list(value: unknown): string[] {
  if (Array.isArray(value))
    return value
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.trim())
      .filter(Boolean);
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

function namesOf(name: unknown): string[] {
  if (typeof name === 'string') return [name];
  if (Array.isArray(name)) return name.filter((n): n is string => typeof n === 'string');
  return [];
}

/** Index of the `}` closing the object opened at `start`, skipping braces inside strings; -1 when unbalanced. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
  }
  return -1;
}

/** A boolean annotation field; ApiDoctor's pages sometimes write `"true"` as a string. */
export function flag(annotation: Annotation, field: string): boolean {
  const value = annotation.fields[field];
  return value === true || value === 'true';
}
