import { SaxesParser, type SaxesTagNS } from 'saxes';
import { FileRejectedError } from '../../ingest/errors.js';

/**
 * XML read piece by piece (SAX, `saxes`) for statements too big to hold as one tree: a 20 MB
 * camt.053 as a fast-xml-parser tree took 3.2 GB. Elements are built into the same shape
 * `xml.ts` reads (`at`, `children`, `text`, `attr` work on them: local names, `@attr`, `#text`, values
 * kept as strings), but an element the caller splits off (a camt `Ntry`) is handed over as soon as it
 * closes and then dropped from its parent, so memory holds one entry plus the statement's header.
 *
 * Refuses a DOCTYPE (no statement has one; it keeps entity tricks out) and an element that grows
 * beyond MAX_NODES elements without being split off (a hostile file cannot grow the tree instead).
 */
export type XmlNode = Record<string | symbol, unknown>;

const LINE = Symbol('line');
const MAX_NODES = 100_000;

export interface XmlStreamHandlers {
  /** The root element has opened: its local name and namespace URI. */
  readonly onRoot?: (name: string, namespace: string) => void;
  /** Whether the element at this path of local names (root first) is handed over and dropped when it closes. */
  readonly split: (path: readonly string[]) => boolean;
  /** A split element closed; `parent` is still open (a camt entry's statement, with its header read). */
  readonly onClose: (path: readonly string[], node: XmlNode, parent: XmlNode | undefined) => void;
}

export class XmlStream {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly stack: { readonly name: string; readonly node: XmlNode; text: string }[] = [];
  private readonly path: string[] = [];
  private nodes = 0;
  private failure: FileRejectedError | undefined;
  private sawRoot = false;

  constructor(private readonly handlers: XmlStreamHandlers) {
    const parser = this.parser;
    parser.on('doctype', () => this.fail(new FileRejectedError('XML with a DOCTYPE declaration is not accepted: bank statements and CFDI never have one')));
    parser.on('opentag', (tag) => this.open(tag as SaxesTagNS));
    parser.on('text', (text) => this.addText(text));
    parser.on('cdata', (text) => this.addText(text));
    parser.on('closetag', () => this.close());
    parser.on('error', (error) => {
      const message = error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '');
      this.fail(new FileRejectedError(`not well-formed XML (line ${parser.line}, column ${parser.column + 1}): ${message}; the file may be truncated or edited by hand`));
    });
  }

  /** The 1-based line where an element built here starts; null for anything else. */
  static lineOf(node: unknown): number | null {
    return typeof node === 'object' && node !== null && LINE in node ? (node as { [LINE]: number })[LINE] : null;
  }

  /** Feeds the next piece of text. Throws FileRejectedError for XML that is not well-formed. */
  write(text: string): void {
    this.parser.write(text);
    this.check();
  }

  /** The end of the file: an element still open means the file was cut short. */
  end(): void {
    this.parser.close();
    this.check();
    if (!this.sawRoot) throw new FileRejectedError('the XML has no root element');
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private fail(error: FileRejectedError): void {
    this.failure ??= error;
  }

  private open(tag: SaxesTagNS): void {
    if (this.failure) return;
    const name = tag.local;
    const node: XmlNode = { [LINE]: this.parser.line };
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.prefix === 'xmlns' || attribute.name === 'xmlns') continue;
      node[`@${attribute.local}`] = attribute.value;
    }
    if (this.stack.length === 0) {
      this.sawRoot = true;
      this.handlers.onRoot?.(name, tag.uri);
    }
    this.nodes += 1;
    if (this.nodes > MAX_NODES) {
      this.fail(new FileRejectedError(`the XML element <${this.path.join('/')}> has more than ${MAX_NODES} elements in it; not a statement this reader accepts`));
      return;
    }
    this.path.push(name);
    this.stack.push({ name, node, text: '' });
  }

  private addText(text: string): void {
    const top = this.stack.at(-1);
    // Only what a leaf says matters here; text between child elements is layout (and unbounded).
    if (top && !this.failure && top.text.length < 10_000) top.text += text;
  }

  private close(): void {
    if (this.failure) return;
    const done = this.stack.pop();
    if (!done) return;
    const trimmed = done.text.trim();
    if (trimmed !== '' && !Object.keys(done.node).some((key) => !key.startsWith('@'))) done.node['#text'] = trimmed;
    const path = [...this.path];
    this.path.pop();
    const parent = this.stack.at(-1);
    if (this.handlers.split(path)) {
      this.nodes = 0;
      this.handlers.onClose(path, done.node, parent?.node);
      return;
    }
    if (parent) {
      const siblings = parent.node[done.name];
      if (Array.isArray(siblings)) siblings.push(done.node);
      else parent.node[done.name] = [done.node];
    }
  }
}

/**
 * The root element of an XML text, read from its first 64 KB: local name and namespace URI, or
 * undefined when it is not there (not XML, broken before the root, or a prolog longer than that).
 */
export function sniffXmlRoot(text: string): { readonly name: string; readonly namespace: string } | undefined {
  let root: { name: string; namespace: string } | undefined;
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => {
    root ??= { name: tag.local, namespace: tag.uri };
  });
  parser.on('error', () => undefined);
  parser.write(text.slice(0, 64 * 1024));
  return root;
}
