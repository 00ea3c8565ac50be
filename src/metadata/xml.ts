/**
 * The XML reading both metadata documents share (the CSDL and the permission-scopes file): fast-xml-parser with every
 * element as an array, attributes as `@_Name`, namespace prefixes dropped, entities left alone (no DOCTYPE expansion:
 * a document from a target is untrusted), and each element's line, so that findings can point into the XML.
 */
import { createRequire } from 'node:module';
import type * as FastXmlParser from 'fast-xml-parser';
import type { Location } from '../core/finding.ts';

/** An element as fast-xml-parser gives it: attributes under `@_`, children as arrays. */
export type XmlElement = Readonly<Record<string, unknown>>;

export type XmlReading =
  | { readonly ok: true; readonly root: XmlElement; readonly locate: (element: XmlElement) => Location }
  | { readonly ok: false; readonly error: string; readonly location: Location };

let parserLibrary: typeof FastXmlParser | undefined;

/**
 * fast-xml-parser, loaded on first use through its CommonJS build (one file): most processes of a run read no XML
 * (the runner reads the service metadata once; its workers find the probes built), and a Playwright process sends each
 * ES module it loads through Playwright's loader thread.
 */
function xmlParser(): typeof FastXmlParser {
  return (parserLibrary ??= createRequire(import.meta.url)('fast-xml-parser') as typeof FastXmlParser);
}

export function readXml(source: string, text: string): XmlReading {
  // The parser reads a cut-off document without a word: a complete one ends by closing the element it opened first,
  // with only comments, processing instructions and space after it (XML's `Misc`). (A full syntax check costs seconds
  // on Graph's 4 MB CSDL; these documents are generated, so truncation is the failure to expect.)
  const first = /<([A-Za-z_][\w.:-]*)[\s>/]/.exec(
    text.replace(/^\uFEFF?\s*(<\?[^?]*\?>\s*)?(<!--[\s\S]*?-->\s*)*/, ''),
  );
  const newlines = newlineOffsets(text);
  const closed = (root: string): boolean =>
    new RegExp(`</${root.replace(/[.]/g, '\\.')}\\s*>(?:\\s|<!--[\\s\\S]*?-->|<\\?[^?]*\\?>)*$`).test(text);
  if (!first?.[1] || !closed(first[1])) {
    return {
      ok: false,
      error: first?.[1]
        ? `the document ends before its root element <${first[1]}> is closed (cut off?)`
        : 'not an XML document',
      location: { file: source, line: newlines.length + 1 },
    };
  }
  const { XMLParser } = xmlParser();
  const META = XMLParser.getMetaDataSymbol() as symbol;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
    parseAttributeValue: false,
    parseTagValue: false,
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    captureMetaData: true,
  });
  const root = parser.parse(text) as XmlElement;
  return {
    ok: true,
    root,
    locate: (element) => {
      const meta = (element as Record<symbol, { startIndex?: number } | undefined>)[META];
      return { file: source, line: lineAt(newlines, meta?.startIndex ?? 0) };
    },
  };
}

/** The child elements of a name (fast-xml-parser gives every element as an array; text-only ones as strings). */
export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  const value = element?.[name];
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is XmlElement => typeof v === 'object' && v !== null);
}

export function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** The text of an element's text-only children (`<EnumMember>Org.OData.Core.V1.Permission/Read</EnumMember>`). */
export function texts(element: XmlElement, name: string): string[] {
  const value = element[name];
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'number' ? [String(v)] : []));
}

function newlineOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) offsets.push(i);
  return offsets;
}

/** 1-based line of a character offset: the number of newlines before it, plus one. */
function lineAt(newlines: readonly number[], offset: number): number {
  let low = 0;
  let high = newlines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((newlines[middle] ?? 0) < offset) low = middle + 1;
    else high = middle;
  }
  return low + 1;
}
