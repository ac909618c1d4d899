import { contentHash } from '../domain/content-hash.js';
import {
  ACCOUNT_DATA_FIELDS,
  changedFields,
  FileRejectedError,
  INVOICE_DATA_FIELDS,
  mergeAccount,
  mergeInvoice,
  readInvoiceFile,
  type CanonicalColumn,
  type RowOutcome,
} from '../domain/ingest/index.js';
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
import { truncate } from '../domain/ingest/headers.js';
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
    await writeRows(deps, key, tally, file.rows);
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
      type: report.rows === 0 && tally.rejected.count > 0 ? 'file.rejected' : 'file.ingested',
      detail: key,
      data: {
        rows: report.rows,
        accepted: report.accepted,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        rejected: tally.rejected.count,
        warnings: tally.warnings.count,
      },
    },
  ]);
  return report;
}

type Accepted = Extract<RowOutcome, { kind: 'accepted' }>;

/** Per-line issues kept in a report, each list; the counts stay exact (rejectedCount, warningCount). */
export const MAX_ISSUES_LISTED = 1000;
/** Longest reason kept in a report: a value quoted in a message never makes it huge. */
export const MAX_REASON_CHARS = 500;

/** The first MAX_ISSUES_LISTED issues, each reason bounded, and an exact count of all of them. */
class IssueList {
  readonly listed: LineIssue[] = [];
  count = 0;

  push(...issues: readonly LineIssue[]): void {
    for (const issue of issues) {
      this.count += 1;
      if (this.listed.length < MAX_ISSUES_LISTED) this.listed.push({ line: issue.line, reason: truncate(issue.reason, MAX_REASON_CHARS) });
    }
  }

  clear(): void {
    this.listed.length = 0;
    this.count = 0;
  }

  /** The listed issues, then `… and K more` (line null) when some were left out. */
  report(noun: string): LineIssue[] {
    const more = this.count - this.listed.length;
    return more > 0 ? [...this.listed, { line: null, reason: `… and ${more} more ${noun} (the first ${this.listed.length} are listed)` }] : this.listed;
  }
}

class Tally {
  rows = 0;
  created = 0;
  updated = 0;
  unchanged = 0;
  readonly rejected = new IssueList();
  readonly warnings = new IssueList();
  readonly accountFields = new Set<string>();
  readonly invoiceFields = new Set<string>();

  constructor(private readonly file: string) {}

  fileRejected(reason: string): void {
    // Nothing was written (the reader checks the whole file before yielding a row): report it whole.
    this.rows = 0;
    this.created = this.updated = this.unchanged = 0;
    this.accountFields.clear();
    this.invoiceFields.clear();
    this.rejected.clear();
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
      rejected: this.rejected.report('rejected rows'),
      warnings: this.warnings.report('warnings'),
      rejectedCount: this.rejected.count,
      warningCount: this.warnings.count,
      fieldsChanged: { account: [...this.accountFields].sort(), invoice: [...this.invoiceFields].sort() },
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
   * (an account that was not cannot have invoices stored: they are written together), the hash
   * of its stored version, and the account as it stands (the base the next row merges over). An
   * account with 500 invoices is read and written once. Memory: one account per distinct customer.
   */
  private readonly accounts = new Map<string, { readonly existed: boolean; hash: string | undefined; current: Account | undefined }>();

  constructor(
    private readonly deps: IngestInvoiceFileDeps,
    private readonly file: string,
    private readonly tally: Tally,
    private readonly collectability: Collectability,
  ) {}

  async write(input: readonly Accepted[]): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const rows = await this.flagSuspiciousDates(input, now);
    const unknown = [...new Set(rows.map((r) => r.account.accountId))].filter((id) => !this.accounts.has(id));
    if (unknown.length > 0) {
      const found = await this.deps.store.getAccounts(unknown);
      for (const id of unknown) {
        const stored = found.get(id);
        this.accounts.set(id, { existed: stored !== undefined, hash: stored?.contentHash, current: stored });
      }
    }

    // Each row's fields laid over the account as it stands (stored, or as earlier rows left it): a
    // column the file lacks, or an empty cell, changes nothing (merge.ts).
    const before = new Map<string, Account | undefined>();
    const latest = new Map<string, Account>();
    for (const { account, provided } of rows) {
      const known = this.accounts.get(account.accountId)!;
      if (!before.has(account.accountId)) before.set(account.accountId, known.current);
      known.current = mergeAccount(known.current, account, provided?.account);
      latest.set(account.accountId, known.current);
    }

    const accounts: StoredAccount[] = [];
    for (const account of latest.values()) {
      const known = this.accounts.get(account.accountId)!;
      const { contentHash: _hash, updatedAt: _at, ...data } = account as Partial<StoredAccount> & Account;
      const hash = contentHash(data);
      if (known.hash === hash) continue;
      known.hash = hash;
      const previous = before.get(account.accountId);
      if (known.existed && previous) for (const field of changedFields(previous, data, ACCOUNT_DATA_FIELDS)) this.tally.accountFields.add(field);
      accounts.push({ ...data, contentHash: hash, updatedAt: now });
    }

    // Only invoices of accounts that were on file can be on file: a new customer's portfolio is
    // loaded without reading first. (Should a crash ever leave an invoice stored without its
    // account, the retry rewrites that invoice as `created`; the planner is idempotent on it.)
    const existing = rows.filter((r) => this.accounts.get(r.account.accountId)!.existed).map((r) => r.invoice);
    const stored = existing.length > 0 ? await this.deps.store.getInvoices(existing) : new Map<string, StoredInvoice>();

    const invoices: StoredInvoice[] = [];
    const requests: PlanRequest[] = [];
    for (const row of rows) {
      const before = stored.get(invoiceKeyString(row.invoice));
      // The hash is of what the file says (its row as read), so the same row again is `unchanged` even
      // after a payment moved the stored balance; what is written is that row merged over the stored one.
      const hash = contentHash(row.invoice);
      const invoice = mergeInvoice(before && invoiceData(before), row.invoice, row.provided?.invoice);
      if (before?.contentHash === hash) {
        this.tally.unchanged += 1;
        // Planning still owed (an earlier run stopped between write and queue): ask again.
        if (before.plannedHash !== hash) requests.push(planRequest(invoice, hash));
        continue;
      }
      // A file with fewer columns hashes differently, yet may change nothing once merged: unchanged.
      if (before && changedFields<Invoice>(before, keepAppliedPayments(invoice, before), INVOICE_DATA_FIELDS).length === 0) {
        this.tally.unchanged += 1;
        continue;
      }
      const change = before ? 'updated' : 'created';
      this.tally[change] += 1;
      // A later file corrected the date a person was asked to check: that task has nothing left to do.
      if (before?.dateWarning && !row.invoice.dateWarning) {
        await this.deps.tasks?.closeTask(before.accountId, reviewTaskId(before), { outcome: `the date was corrected by ${this.file} line ${row.line}`, completedAt: now, owner: 'system' });
      }
      const written = keepAppliedPayments(invoice, before);
      if (before) for (const field of changedFields<Invoice>(before, written, INVOICE_DATA_FIELDS)) this.tally.invoiceFields.add(field);
      invoices.push({
        ...written,
        contentHash: hash,
        ...(before?.plannedHash ? { plannedHash: before.plannedHash } : {}),
        updatedAt: now,
      });
      requests.push({ ...planRequest(invoice, hash), change, source: { file: this.file, line: row.line } });
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

/** The invoice as the file and earlier files made it: the store's bookkeeping (hashes, payments) left out. */
function invoiceData(stored: StoredInvoice): Invoice {
  const { contentHash: _hash, plannedHash: _planned, updatedAt: _at, appliedPaymentIds: _applied, appliedAmounts: _amounts, reversalIds: _reversals, ...invoice } = stored;
  return invoice;
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
  await writeRows(deps, file, tally, rows);
  return tally.report();
}

/** Tallies every row and writes the accepted ones CHUNK_ROWS at a time (the whole file, or one chunk of it). */
async function writeRows(deps: IngestInvoiceFileDeps, file: string, tally: Tally, rows: AsyncIterable<RowOutcome>): Promise<void> {
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
}
