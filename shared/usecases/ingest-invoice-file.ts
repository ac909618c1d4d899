import { contentHash } from '../domain/content-hash.js';
import { FileRejectedError, readInvoiceFile, type CanonicalColumn, type RowOutcome } from '../domain/ingest/index.js';
import { invoiceKeyString } from '../domain/keys.js';
import type { Account, IngestReport, Invoice, LineIssue, PlanRequest } from '../domain/types.js';
import type {
  AccountStore,
  Clock,
  InteractionLog,
  MessageQueue,
  ObjectStore,
  StoredAccount,
  StoredInvoice,
  TaskStore,
} from '../ports.js';
import { dueDateWarning } from '../domain/ingest/due-date-sanity.js';
import { DEFAULT_COLLECTABILITY, type Collectability } from '../domain/policy/collectability-section.js';
import { keepAppliedPayments } from './keep-applied-payments.js';
import { reportKeyFor } from './report-key.js';

export interface IngestInvoiceFileDeps {
  readonly store: AccountStore;
  readonly log: InteractionLog;
  readonly files: ObjectStore;
  readonly planning: MessageQueue<PlanRequest>;
  readonly clock: Clock;
  /** The policy's `collectability`: which due dates are suspicious (absent: the shipped defaults). */
  readonly collectability?: () => Promise<Collectability>;
  /** An invoice with a suspicious due date gets a review task for a person (absent: only the warning). */
  readonly tasks?: Pick<TaskStore, 'createTask' | 'closeTask'>;
}

export interface IngestInvoiceFileInput {
  /** Bucket key of the raw file, e.g. `invoices/2026-11/cartera.csv`. The raw file is never modified. */
  readonly key: string;
  readonly headerMapping?: Readonly<Record<string, CanonicalColumn>>;
}

/** Rows are written in chunks: a few batch reads and writes per chunk, and memory stays flat. */
const CHUNK_ROWS = 200;

/**
 * Loads one invoice file into the Accounts table and asks the planner to (re)plan every invoice that
 * changed. Safe to run twice on the same file: unchanged rows write nothing; a crash half-way is
 * repaired by the retry because an invoice whose `plannedHash` lags its `contentHash` is re-queued.
 * Writes the JSON report to `reports/<key>.json` and returns it.
 */
export async function ingestInvoiceFile(
  deps: IngestInvoiceFileDeps,
  input: IngestInvoiceFileInput,
): Promise<IngestReport> {
  const { key } = input;
  const startedAt = deps.clock.now().toISOString();
  const tally = new Tally(key);
  try {
    const file = await readInvoiceFile(() => deps.files.open(key), {
      fileName: key.split('/').pop() ?? key,
      ...(input.headerMapping ? { headerMapping: input.headerMapping } : {}),
    });
    tally.warnings.push(...file.fileWarnings);
    const collectability = (await deps.collectability?.()) ?? DEFAULT_COLLECTABILITY;
    const writer = new PipelinedWriter(new ChunkWriter(deps, key, tally, collectability));
    try {
      let chunk: Accepted[] = [];
      for await (const outcome of file.rows) {
        tally.rows += 1;
        if (outcome.kind === 'rejected') {
          tally.rejected.push({ line: outcome.line, reason: outcome.reason });
          continue;
        }
        for (const warning of outcome.warnings) tally.warnings.push({ line: outcome.line, reason: warning });
        chunk.push(outcome);
        if (chunk.length >= CHUNK_ROWS) {
          await writer.write(chunk);
          chunk = [];
        }
      }
      if (chunk.length > 0) await writer.write(chunk);
    } finally {
      await writer.flush();
    }
  } catch (error) {
    if (!(error instanceof FileRejectedError)) throw error;
    tally.fileRejected(error.reason);
  }

  const report = tally.report();
  await deps.files.putText(reportKeyFor(key), `${JSON.stringify(report, null, 2)}\n`, 'application/json');
  await deps.log.append([
    {
      interactionId: `file#${contentHash({ key, startedAt })}`,
      accountId: 'SYSTEM',
      at: startedAt,
      type: report.rows === 0 && report.rejected.length > 0 ? 'file.rejected' : 'file.ingested',
      detail: key,
      data: {
        rows: report.rows,
        accepted: report.accepted,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        rejected: report.rejected.length,
        warnings: report.warnings.length,
      },
    },
  ]);
  return report;
}

type Accepted = Extract<RowOutcome, { kind: 'accepted' }>;

class Tally {
  rows = 0;
  created = 0;
  updated = 0;
  unchanged = 0;
  readonly rejected: LineIssue[] = [];
  readonly warnings: LineIssue[] = [];

  constructor(private readonly file: string) {}

  fileRejected(reason: string): void {
    // Nothing was written (the reader checks the whole file before yielding a row): report it whole.
    this.rows = 0;
    this.created = this.updated = this.unchanged = 0;
    this.rejected.length = 0;
    this.rejected.push({ line: null, reason });
  }

  report(): IngestReport {
    return {
      file: this.file,
      rows: this.rows,
      accepted: this.created + this.updated + this.unchanged,
      created: this.created,
      updated: this.updated,
      unchanged: this.unchanged,
      rejected: this.rejected,
      warnings: this.warnings,
    };
  }
}

/**
 * Parses the next chunk while the previous one is being written: at most one chunk in flight, and
 * chunks are written in file order (an account changed twice in one file ends with its last row).
 */
class PipelinedWriter {
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly writer: ChunkWriter) {}

  async write(chunk: readonly Accepted[]): Promise<void> {
    await this.inFlight;
    this.inFlight = this.writer.write(chunk);
    // Surfaces at the next write() or flush(); this only stops an early rejection being "unhandled".
    this.inFlight.catch(() => undefined);
  }

  async flush(): Promise<void> {
    await this.inFlight;
  }
}

/** Compares a chunk against the store, writes what changed, then queues planning for it. */
class ChunkWriter {
  /**
   * What this file has learnt about each account: whether it was on file before the file arrived
   * (an account that was not cannot have invoices stored: they are written together) and the hash
   * of its stored version. An account with 500 invoices is read and written once.
   */
  private readonly accounts = new Map<string, { readonly existed: boolean; hash: string | undefined }>();

  constructor(
    private readonly deps: IngestInvoiceFileDeps,
    private readonly file: string,
    private readonly tally: Tally,
    private readonly collectability: Collectability,
  ) {}

  async write(input: readonly Accepted[]): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const rows = await this.flagSuspiciousDates(input, now);
    const latest = new Map<string, Account>();
    for (const { account } of rows) latest.set(account.accountId, account);
    const unknown = [...latest.keys()].filter((id) => !this.accounts.has(id));
    if (unknown.length > 0) {
      const found = await this.deps.store.getAccounts(unknown);
      for (const id of unknown) this.accounts.set(id, { existed: found.has(id), hash: found.get(id)?.contentHash });
    }

    const accounts: StoredAccount[] = [];
    for (const account of latest.values()) {
      const known = this.accounts.get(account.accountId)!;
      const hash = contentHash(account);
      if (known.hash === hash) continue;
      known.hash = hash;
      accounts.push({ ...account, contentHash: hash, updatedAt: now });
    }

    // Only invoices of accounts that were on file can be on file: a new customer's portfolio is
    // loaded without reading first. (Should a crash ever leave an invoice stored without its
    // account, the retry rewrites that invoice as `created`; the planner is idempotent on it.)
    const existing = rows.filter((r) => this.accounts.get(r.account.accountId)!.existed).map((r) => r.invoice);
    const stored = existing.length > 0 ? await this.deps.store.getInvoices(existing) : new Map<string, StoredInvoice>();

    const invoices: StoredInvoice[] = [];
    const requests: PlanRequest[] = [];
    for (const row of rows) {
      const hash = contentHash(row.invoice);
      const before = stored.get(invoiceKeyString(row.invoice));
      if (before?.contentHash === hash) {
        this.tally.unchanged += 1;
        // Planning still owed (an earlier run stopped between write and queue): ask again.
        if (before.plannedHash !== hash) requests.push(planRequest(row.invoice, hash));
        continue;
      }
      const change = before ? 'updated' : 'created';
      this.tally[change] += 1;
      // A later file corrected the date a person was asked to check: that task has nothing left to do.
      if (before?.dateWarning && !row.invoice.dateWarning) {
        await this.deps.tasks?.closeTask(before.accountId, reviewTaskId(before), { outcome: `the date was corrected by ${this.file} line ${row.line}`, completedAt: now, owner: 'system' });
      }
      invoices.push({
        ...keepAppliedPayments(row.invoice, before),
        contentHash: hash,
        ...(before?.plannedHash ? { plannedHash: before.plannedHash } : {}),
        updatedAt: now,
      });
      requests.push({ ...planRequest(row.invoice, hash), change, source: { file: this.file, line: row.line } });
    }

    // Written before the planning requests: a planner never sees a request for data not yet stored.
    // (Should an invoice land before its account, the planner leaves its planning owed and the
    // retried ingest asks again: see plannedHash.)
    if (accounts.length + invoices.length > 0) await this.deps.store.putAccountsAndInvoices(accounts, invoices);
    if (requests.length > 0) await this.deps.planning.send(requests);
  }

  /**
   * Marks invoices whose due date looks like a typing mistake (due-date-sanity.ts): loaded, with a
   * warning in the report and a review task (one per invoice and due date, however often the file comes
   * again), never chased automatically. A corrected date on a later file clears the mark.
   */
  private async flagSuspiciousDates(rows: readonly Accepted[], now: string): Promise<Accepted[]> {
    const today = now.slice(0, 10);
    const out: Accepted[] = [];
    for (const row of rows) {
      const { dateWarning: _old, ...invoice } = row.invoice;
      const warning = dueDateWarning(invoice.dueDate, today, this.collectability);
      if (warning === undefined) {
        out.push({ ...row, invoice });
        continue;
      }
      this.tally.warnings.push({ line: row.line, reason: `invoice ${invoice.invoiceNumber}: ${warning}; loaded for a person to check, no automatic reminders, letters or hand-off` });
      await this.deps.tasks?.createTask({
        taskId: reviewTaskId(invoice),
        accountId: invoice.accountId,
        type: 'review-invoice',
        status: 'open',
        createdAt: now,
        deadline: new Date(Date.parse(now) + 3 * 86_400_000).toISOString(),
        text: `Check invoice ${invoice.invoiceNumber} (${this.file} line ${row.line}): ${warning}. Correct the date in the next file, or cancel the invoice; until then nothing automatic is sent about it.`,
      });
      out.push({ ...row, invoice: { ...invoice, dateWarning: warning } });
    }
    return out;
  }
}

/** One review task per invoice and suspicious due date, however often the file comes again. */
function reviewTaskId(invoice: Pick<Invoice, 'accountId' | 'invoiceNumber' | 'dueDate'>): string {
  return `t-${contentHash({ accountId: invoice.accountId, invoiceNumber: invoice.invoiceNumber, dueDate: invoice.dueDate }).slice(0, 24)}`;
}

function planRequest(invoice: Invoice, hash: string): PlanRequest {
  return { accountId: invoice.accountId, invoiceNumber: invoice.invoiceNumber, contentHash: hash };
}

/**
 * The rows of one chunk of a large file (ingest-large-file.ts), written exactly as ingestInvoiceFile
 * writes a file's rows: same checks, same batches, planning asked for as each batch is stored. No
 * report is written and nothing is logged: the caller merges the chunks. `file` is the raw file's key.
 */
export async function ingestInvoiceRows(
  deps: IngestInvoiceFileDeps,
  file: string,
  rows: AsyncIterable<RowOutcome>,
): Promise<IngestReport> {
  const tally = new Tally(file);
  const collectability = (await deps.collectability?.()) ?? DEFAULT_COLLECTABILITY;
  const writer = new PipelinedWriter(new ChunkWriter(deps, file, tally, collectability));
  try {
    let chunk: Accepted[] = [];
    for await (const outcome of rows) {
      tally.rows += 1;
      if (outcome.kind === 'rejected') {
        tally.rejected.push({ line: outcome.line, reason: outcome.reason });
        continue;
      }
      for (const warning of outcome.warnings) tally.warnings.push({ line: outcome.line, reason: warning });
      chunk.push(outcome);
      if (chunk.length >= CHUNK_ROWS) {
        await writer.write(chunk);
        chunk = [];
      }
    }
    if (chunk.length > 0) await writer.write(chunk);
  } finally {
    await writer.flush();
  }
  return tally.report();
}
