import { FileRejectedError } from '../../ingest/errors.js';
import type { Payment, PaymentLine } from '../types.js';
import { duplicateReason, type InFileDuplicate, type PaymentSink } from './builder.js';
import { CamtReader, camtOf, type CamtKind } from './camt.js';
import { sniffXmlRoot } from './xml-stream.js';

/**
 * camt.053 / camt.054 read from a byte stream (an S3 object body) without holding the file: UTF-8
 * text is fed to the SAX reader chunk by chunk and the payments of each chunk are handed out before
 * the next chunk is read. Memory is one chunk, one entry, and what the file says besides its payments
 * (rejections, warnings, repeats: small lists, bounded by the number of entries).
 */
export type Chunks = AsyncIterable<Uint8Array | string>;

export interface CamtStreamKind {
  readonly kind: CamtKind;
  readonly version: string;
}

/**
 * Whether the start of a file is a camt.053 / camt.054 in UTF-8 (what banks send), so it can be
 * streamed; anything else (another encoding, another XML, not XML) is read whole as before.
 */
export function streamableCamt(head: Uint8Array): CamtStreamKind | undefined {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return undefined;
  const text = Buffer.from(head).toString('latin1').replace(/^\u00EF\u00BB\u00BF/, '');
  if (!text.trimStart().startsWith('<')) return undefined;
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(text)?.[1];
  if (declared !== undefined && !/^utf-?8$/i.test(declared)) return undefined;
  const root = sniffXmlRoot(text);
  const camt = root && camtOf(root.name, root.namespace);
  return camt && camt !== 'camt052' ? camt : undefined;
}

/** Collects what a streamed file says; payments wait in `ready` until the caller takes them. */
export class CollectingSink implements PaymentSink {
  lines = 0;
  readonly rejected: { readonly line: number | null; readonly reason: string }[] = [];
  readonly warnings: { readonly line: number | null; readonly reason: string }[] = [];
  readonly duplicates: InFileDuplicate[] = [];
  private ready: PaymentLine[] = [];

  /** `keepPayments: false` for a checking pass that only wants to know the file reads to the end. */
  constructor(private readonly keepPayments = true) {}

  count(): void {
    this.lines += 1;
  }

  pay(line: number, payment: Payment): void {
    if (this.keepPayments) this.ready.push({ line, payment });
  }

  duplicate(line: number, firstLine: number, payment: Payment): void {
    this.duplicates.push({ line, firstLine, paymentId: payment.paymentId });
    this.warn(line, duplicateReason(firstLine, payment));
  }

  reject(line: number | null, reason: string): void {
    this.rejected.push({ line, reason });
  }

  warn(line: number | null, reason: string): void {
    this.warnings.push({ line, reason });
  }

  /** The payments read since the last call, in file order. */
  take(): PaymentLine[] {
    const taken = this.ready;
    this.ready = [];
    return taken;
  }
}

/**
 * Yields the payments of a camt stream as its entries close. Throws FileRejectedError for bytes that
 * are not UTF-8, broken or cut XML (found only at the end: a caller that must apply nothing from a
 * cut file reads it once with `keepPayments: false` first), and a file over `maxBytes`.
 */
export async function* readCamtStream(
  chunks: Chunks,
  camt: CamtStreamKind,
  sink: CollectingSink,
  options: { readonly currency?: string | undefined; readonly maxBytes: number },
): AsyncGenerator<PaymentLine> {
  const reader = new CamtReader(camt.kind, camt.version, sink, options.currency);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let size = 0;
  const decode = (bytes?: Uint8Array): string => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch (error) {
      throw new FileRejectedError(`unreadable: the XML is UTF-8 but has bytes that are not UTF-8 after byte ${size}; download the file again`, { cause: error });
    }
  };
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > options.maxBytes) throw new FileRejectedError(`file is larger than ${options.maxBytes / 1024 / 1024} MB; split the statement`);
    reader.write(decode(bytes));
    yield* sink.take();
  }
  reader.write(decode());
  reader.end();
  yield* sink.take();
}
