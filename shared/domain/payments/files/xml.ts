import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FileRejectedError } from '../../ingest/errors.js';

/**
 * XML for payment files: parsed with namespace prefixes stripped (`pago20:Pago` → `Pago`, so camt
 * versions and Pagos 1.0/2.0 read alike), every value kept as a string (`0001` stays `0001`, amounts
 * are never turned into floats), and each element's position kept so rejections can name a line.
 */
export interface XmlDocument {
  /** The root element's local name (`Document`, `Comprobante`). */
  readonly rootName: string;
  /** The root element's namespace URI ('' when none). */
  readonly rootNamespace: string;
  readonly root: unknown;
  /** The 1-based line where an element starts; null for a text-only element (no position kept). */
  lineOf(node: unknown): number | null;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  captureMetaData: true,
  processEntities: true,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

export function readXml(text: string): XmlDocument {
  // Statements and CFDI never carry a DTD; refusing one keeps entity tricks out entirely.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new FileRejectedError('XML with a DOCTYPE declaration is not accepted: bank statements and CFDI never have one');
  let validation: ReturnType<typeof XMLValidator.validate>;
  let parsed: unknown;
  try {
    validation = XMLValidator.validate(text);
    parsed = validation === true ? parser.parse(text) : undefined;
  } catch (error) {
    throw new FileRejectedError(`not well-formed XML: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (validation !== true) {
    const { line, col, msg } = validation.err;
    throw new FileRejectedError(`not well-formed XML (line ${line}, column ${col}): ${msg.replace(/\.$/, '')}; the file may be truncated or edited by hand`);
  }
  const rootName = isNode(parsed) ? Object.keys(parsed).find((key) => !key.startsWith('#') && !key.startsWith('?')) : undefined;
  if (!isNode(parsed) || rootName === undefined) throw new FileRejectedError('the XML has no root element');
  const root = parsed[rootName];
  const starts = lineStarts(text);
  const lineOf = (node: unknown): number | null => {
    const index = isNode(node) ? (node[META] as { startIndex?: number } | undefined)?.startIndex : undefined;
    return index === undefined ? null : lineAt(starts, index);
  };
  return { rootName, rootNamespace: rootNamespace(text, root), root, lineOf };
}

/** The URI of the root element's own namespace, read from its start tag (prefixes are gone after parsing). */
function rootNamespace(text: string, root: unknown): string {
  const start = isNode(root) ? (root[META] as { startIndex?: number } | undefined)?.startIndex : undefined;
  if (start === undefined) return '';
  const end = text.indexOf('>', start);
  const tag = text.slice(start, end === -1 ? undefined : end);
  const prefix = /^<([A-Za-z_][\w.-]*):/.exec(tag)?.[1];
  const declaration = prefix === undefined ? /\sxmlns\s*=\s*(["'])(.*?)\1/ : new RegExp(String.raw`\sxmlns:${prefix.replace(/[.-]/g, '\\$&')}\s*=\s*(["'])(.*?)\1`);
  return declaration.exec(tag)?.[2] ?? '';
}

type XmlNode = Record<string | symbol, unknown>;

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value that may be one element or several, as a list. */
export function list(value: unknown): readonly unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The child elements called `name` (own properties only: a tag called `constructor` is just a tag). */
export function children(node: unknown, name: string): readonly unknown[] {
  return isNode(node) && Object.hasOwn(node, name) ? list(node[name]) : [];
}

/** The first element along a path of child names, e.g. `at(entry, 'BookgDt', 'Dt')`. */
export function at(node: unknown, ...names: readonly string[]): unknown {
  let current = node;
  for (const name of names) current = children(current, name)[0];
  return current;
}

/** An element's text, trimmed; undefined when absent or empty. */
export function text(node: unknown): string | undefined {
  let value: unknown = node;
  if (isNode(node)) value = Object.hasOwn(node, '#text') ? node['#text'] : undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

/** An attribute's value, trimmed; undefined when absent or empty. */
export function attr(node: unknown, name: string): string | undefined {
  if (!isNode(node) || !Object.hasOwn(node, `@${name}`)) return undefined;
  return text(node[`@${name}`]);
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (char === '\n' || (char === '\r' && source[index + 1] !== '\n')) starts.push(index + 1);
  }
  return starts;
}

function lineAt(starts: readonly number[], index: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((starts[middle] ?? 0) <= index) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
