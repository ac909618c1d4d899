import { currencyExponent } from '../../domain/ingest/money.js';
import { agingBucketDefinitions, reportsOf, type ReportsPolicy } from '../../domain/policy/reports-section.js';
import { LAKE_TABLE_NAMES, type LakeTableName } from '../lake-schema.js';
import { addDays, dayInZone, daysInMonth, epochDay, fromEpochDay, isDay, monthEnd, monthStart, reportDates, type ReportDate } from './dates.js';

/**
 * The curate step, pure: unmarshalled items of the Accounts and Interactions tables in (a Scan
 * locally, a DynamoDB export on AWS: the same shapes), rows of the lake's tables (lake-schema.ts) out.
 * No I/O: the callers read the tables and write Parquet.
 *
 * Memory: the Accounts items are read first and kept as small per-account and per-invoice records
 * (what the joins need: an invoice's amounts and applied payments, a payment's value date, a
 * message's cadence step); the Interactions items then stream through, messages and their events
 * going out as they come; invoices, their events, promises and tasks go out at the end. Linear time.
 *
 * How an invoice's history is rebuilt (its balance on any day = amount + its events up to that day):
 * - each payment applied to it is a `payment` row of −applied amount on the payment's value date
 *   (a tolerance or discount it wrote off is an `adjustment` row on the same day, same payment id);
 * - each refund or chargeback that reopened it is a `reversal` row (+) on the reversal's value date;
 * - what is still unexplained between the stored balance and amount + events is one `adjustment`
 *   row dated the day of its latest ingest (a file that changed the balance), so that the balance
 *   rebuilt at today always equals the store;
 * - a cancelled invoice gets a `cancellation` row of −(its remaining balance) on the day a file
 *   cancelled it; a paid one rebuilds to 0.
 */

export type Item = Readonly<Record<string, unknown>>;
export type LakeValue = string | number | boolean | null;
/** A lake row: dates as `YYYY-MM-DD`, timestamps as ISO instants, bigint/integer as safe integers. */
export type LakeRow = Readonly<Record<string, LakeValue>>;
export type RowSink = (table: LakeTableName, row: LakeRow) => void | Promise<void>;
export type RowCounts = Record<LakeTableName, number>;

export interface CurateInput {
  readonly accounts: AsyncIterable<Item> | Iterable<Item>;
  readonly interactions: AsyncIterable<Item> | Iterable<Item>;
  /** The instant "today" is taken from (the local runtime's clock, the export time on AWS). */
  readonly now: Date;
  /** The policy's reports section; absent: the active policy item found in the Accounts items (else the defaults). */
  readonly reports?: ReportsPolicy;
  /** The as-of dates to compute; absent: reportDates(today). */
  readonly reportDates?: (today: string) => readonly ReportDate[];
}

interface AccountInfo {
  name: string;
  country: string;
  debtorType: string;
  stage: string;
  /** Invoices per currency, to name the account's currency. */
  currencies: Map<string, number>;
}

interface InvoiceInfo {
  readonly accountId: string;
  readonly invoiceNumber: string;
  readonly currency: string;
  readonly amount: number;
  readonly balance: number;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  readonly status: string;
  readonly updatedAt: string | null;
  readonly applied: readonly { readonly paymentId: string; readonly amount: number; readonly writtenOff: number }[];
  readonly reversalIds: readonly string[];
}

interface IngestInfo {
  firstAt: string;
  lastAt: string;
  /** The latest line that left it not cancelled, and the cancelled lines (rare): when it was cancelled. */
  lastOpenAt?: string;
  cancelledAts?: string[];
}

interface ReversalSlice {
  readonly reversalId: string;
  readonly valueDate: string | null;
  readonly amount: number;
}

const SEP = '\u0000';
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const num = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};
const obj = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : value instanceof Set ? [...(value as Set<unknown>)] : []);

const COUNTRY_UNKNOWN = 'ZZ';
const MESSAGE_EVENT_KINDS: Readonly<Record<string, string>> = {
  'message.delivered': 'delivered',
  'message.clicked': 'clicked',
  'reply.received': 'reply',
};

/**
 * Streams both tables through and hands every row to `sink`, table by table as they are ready.
 * Returns the number of rows per table.
 */
export async function curate(input: CurateInput, sink: RowSink): Promise<RowCounts> {
  const counts = Object.fromEntries(LAKE_TABLE_NAMES.map((name) => [name, 0])) as RowCounts;
  let minDay: string | null = null;
  let maxDay: string | null = null;
  const seeDay = (day: string | null) => {
    if (day === null) return;
    if (minDay === null || day < minDay) minDay = day;
    if (maxDay === null || day > maxDay) maxDay = day;
  };
  const currenciesSeen = new Set<string>();
  const emit = async (table: LakeTableName, row: LakeRow) => {
    counts[table] += 1;
    await sink(table, row);
  };

  // ---- Accounts: kept small, joined at the end ----
  const accounts = new Map<string, AccountInfo>();
  const account = (accountId: string): AccountInfo => {
    let info = accounts.get(accountId);
    if (!info) {
      info = { name: '', country: COUNTRY_UNKNOWN, debtorType: 'business', stage: 'current', currencies: new Map() };
      accounts.set(accountId, info);
    }
    return info;
  };
  const invoices = new Map<string, InvoiceInfo>();
  const valueDates = new Map<string, string>();
  const reversals = new Map<string, ReversalSlice[]>();
  const stepByMessage = new Map<string, string>();
  const promises: Item[] = [];
  const tasks: Item[] = [];
  const stageChanges = new Map<string, { accountId: string; from: string; to: string; at: string }>();
  let storedPolicy: unknown;

  for await (const item of input.accounts) {
    const pk = String(item.pk ?? '');
    const sk = String(item.sk ?? '');
    if (pk.startsWith('ACCOUNT#')) {
      const accountId = str(item.accountId) ?? pk.slice('ACCOUNT#'.length);
      if (sk === 'PROFILE') {
        const info = account(accountId);
        info.name = str(item.name) ?? '';
        info.country = str(item.country)?.toUpperCase() ?? COUNTRY_UNKNOWN;
        info.debtorType = str(item.debtorType) ?? 'business';
      } else if (sk.startsWith('INVOICE#')) {
        const currency = str(item.currency) ?? 'XXX';
        const info: InvoiceInfo = {
          accountId,
          invoiceNumber: str(item.invoiceNumber) ?? sk.slice('INVOICE#'.length),
          currency,
          amount: num(item.amount) ?? 0,
          balance: num(item.balance) ?? 0,
          issueDate: isDay(item.issueDate) ? item.issueDate : null,
          dueDate: isDay(item.dueDate) ? item.dueDate : null,
          status: str(item.status) ?? 'open',
          updatedAt: str(item.updatedAt),
          applied: arr(item.appliedAmounts).map((a) => ({ paymentId: String(obj(a).paymentId), amount: num(obj(a).amount) ?? 0, writtenOff: num(obj(a).writtenOff) ?? 0 })),
          reversalIds: arr(item.reversalIds).map(String),
        };
        invoices.set(`${accountId}${SEP}${info.invoiceNumber}`, info);
        const currencies = account(accountId).currencies;
        currencies.set(currency, (currencies.get(currency) ?? 0) + 1);
      } else if (sk === 'ESCALATION') {
        account(accountId).stage = str(item.stage) ?? 'current';
        for (const change of arr(item.history).map(obj)) {
          const at = str(change.at);
          const to = str(change.to);
          if (at && to) stageChanges.set(`${accountId}${SEP}${at}${SEP}${to}`, { accountId, from: str(change.from) ?? 'current', to, at });
        }
      } else if (sk.startsWith('PROMISE#')) {
        promises.push(item);
      } else if (sk.startsWith('TASK#')) {
        tasks.push(item);
      }
    } else if (sk === 'PAYMENT' && pk.startsWith('PAYMENT#')) {
      const payment = obj(item.payment);
      const paymentId = str(payment.paymentId) ?? pk.slice('PAYMENT#'.length);
      const valueDate = isDay(payment.valueDate) ? payment.valueDate : null;
      if (valueDate) valueDates.set(paymentId, valueDate);
      if (payment.kind === 'refund' || payment.kind === 'chargeback') {
        for (const slice of arr(item.reversalPlan).map(obj)) {
          if (slice.kind !== 'invoice' || !str(slice.accountId) || !str(slice.invoiceNumber)) continue;
          const key = `${String(slice.accountId)}${SEP}${String(slice.invoiceNumber)}`;
          const list = reversals.get(key) ?? [];
          list.push({ reversalId: paymentId, valueDate, amount: num(slice.amount) ?? 0 });
          reversals.set(key, list);
        }
      }
    } else if (sk === 'SENT' && (pk.startsWith('SENTMSG#') || pk.startsWith('SENT#'))) {
      const messageId = str(item.messageId);
      const stepId = str(obj(item.dispatch).stepId);
      if (messageId && stepId) stepByMessage.set(messageId, stepId);
    } else if (pk === 'CONFIG' && sk === 'POLICY#active' && typeof item.policy === 'string') {
      try {
        storedPolicy = JSON.parse(item.policy);
      } catch {
        storedPolicy = undefined;
      }
    }
  }

  const reports = input.reports ?? reportsOf(storedPolicy);
  const dayOf = dayInZone(reports.timezone);
  const today = dayOf(input.now)!;
  seeDay(today);
  const accountCurrency = new Map<string, string>();
  for (const [accountId, info] of accounts) {
    let best: string | null = null;
    let bestCount = 0;
    for (const [currency, count] of info.currencies) {
      if (count > bestCount || (count === bestCount && best !== null && currency < best)) {
        best = currency;
        bestCount = count;
      }
    }
    if (best) accountCurrency.set(accountId, best);
  }
  const countryOf = (accountId: string) => accounts.get(accountId)?.country ?? COUNTRY_UNKNOWN;

  // ---- Interactions: streamed ----
  const ingests = new Map<string, IngestInfo>();
  const completedBy = new Map<string, string>();
  for await (const line of input.interactions) {
    const type = str(line.type);
    const at = str(line.at);
    if (!type || !at) continue;
    const accountId = str(line.accountId) ?? String(line.pk ?? '').replace(/^ACCOUNT#/, '');
    const data = obj(line.data);
    if (type === 'invoice.ingested') {
      const invoiceNumber = str(line.invoiceNumber);
      if (!invoiceNumber) continue;
      const key = `${accountId}${SEP}${invoiceNumber}`;
      let info = ingests.get(key);
      if (!info) {
        info = { firstAt: at, lastAt: at };
        ingests.set(key, info);
      }
      if (at < info.firstAt) info.firstAt = at;
      if (at > info.lastAt) info.lastAt = at;
      if (data.status === 'cancelled') (info.cancelledAts ??= []).push(at);
      else if (!info.lastOpenAt || at > info.lastOpenAt) info.lastOpenAt = at;
    } else if (type === 'message.sent') {
      const messageId = str(data.messageId) ?? str(line.reminderId) ?? String(line.interactionId ?? '').replace(/^message\.sent#/, '');
      const sentDate = dayOf(at);
      seeDay(sentDate);
      const costCurrency = str(data.costCurrency);
      if (costCurrency) currenciesSeen.add(costCurrency);
      const currency = accountCurrency.get(accountId) ?? null;
      await emit('messages', {
        message_id: messageId,
        account_id: accountId,
        currency,
        country: countryOf(accountId),
        channel: str(line.channel) ?? 'email',
        kind: str(data.kind) ?? 'reminder',
        template: str(data.template),
        tone: str(data.tone),
        step_id: stepByMessage.get(messageId) ?? null,
        policy_version: num(data.policyVersion),
        sent_at: at,
        sent_date: sentDate,
        cost_micros: num(data.costMicros) ?? 0,
        cost_currency: costCurrency,
      });
    } else if (type in MESSAGE_EVENT_KINDS) {
      const kind = MESSAGE_EVENT_KINDS[type]!;
      const eventDate = dayOf(at);
      seeDay(eventDate);
      await emit('message_events', {
        account_id: accountId,
        message_id: kind === 'reply' ? null : (str(line.reminderId) ?? str(data.messageId)),
        kind,
        event_date: eventDate,
      });
    } else if (type === 'escalation.stage') {
      const to = str(data.to);
      if (to) stageChanges.set(`${accountId}${SEP}${at}${SEP}${to}`, { accountId, from: str(data.from) ?? 'current', to, at });
    } else if (type === 'task.completed') {
      const taskId = str(data.taskId);
      const by = str(data.by);
      if (taskId && by) completedBy.set(taskId, by);
    }
  }

  // ---- What needed both tables ----
  for (const [accountId, info] of accounts) {
    await emit('accounts', { account_id: accountId, name: info.name, country: info.country, debtor_type: info.debtorType, stage: info.stage });
  }

  for (const [key, invoice] of invoices) {
    const ingest = ingests.get(key);
    const fallbackDay = (ingest ? dayOf(ingest.lastAt) : null) ?? (invoice.updatedAt ? dayOf(invoice.updatedAt) : null) ?? today;
    const issueDate = invoice.issueDate ?? (ingest ? dayOf(ingest.firstAt) : null) ?? fallbackDay;
    seeDay(issueDate);
    seeDay(invoice.dueDate);
    currenciesSeen.add(invoice.currency);
    const country = countryOf(invoice.accountId);
    await emit('invoices', {
      account_id: invoice.accountId,
      invoice_number: invoice.invoiceNumber,
      currency: invoice.currency,
      country,
      amount: invoice.amount,
      issue_date: issueDate,
      due_date: invoice.dueDate,
      status: invoice.status,
    });
    const event = async (kind: string, amount: number, day: string, paymentId: string | null) => {
      if (amount === 0) return;
      seeDay(day);
      await emit('invoice_events', {
        account_id: invoice.accountId,
        invoice_number: invoice.invoiceNumber,
        currency: invoice.currency,
        event_date: day,
        kind,
        amount,
        payment_id: paymentId,
      });
    };
    let rebuilt = invoice.amount;
    for (const applied of invoice.applied) {
      const day = valueDates.get(applied.paymentId) ?? fallbackDay;
      await event('payment', -applied.amount, day, applied.paymentId);
      await event('adjustment', -applied.writtenOff, day, applied.paymentId);
      rebuilt -= applied.amount + applied.writtenOff;
    }
    for (const slice of reversals.get(key) ?? []) {
      if (!invoice.reversalIds.includes(slice.reversalId)) continue;
      await event('reversal', slice.amount, slice.valueDate ?? fallbackDay, slice.reversalId);
      rebuilt += slice.amount;
    }
    const target = invoice.status === 'paid' ? 0 : invoice.balance;
    await event('adjustment', target - rebuilt, fallbackDay, null);
    if (invoice.status === 'cancelled') {
      await event('cancellation', -target, (ingest ? cancellationDay(ingest, dayOf) : null) ?? fallbackDay, null);
    }
  }

  for (const promise of promises) {
    const accountId = str(promise.accountId) ?? '';
    const currency = str(promise.currency) ?? accountCurrency.get(accountId) ?? null;
    const promisedDate = isDay(promise.date) ? promise.date : null;
    const recordedOn = str(promise.createdAt) ? dayOf(String(promise.createdAt)) : null;
    seeDay(promisedDate);
    seeDay(recordedOn);
    const status = str(promise.status) ?? 'open';
    await emit('promises', {
      promise_id: str(promise.promiseId) ?? String(promise.sk).slice('PROMISE#'.length),
      account_id: accountId,
      currency,
      amount: num(promise.amount),
      promised_date: promisedDate,
      recorded_on: recordedOn,
      // The person when one recorded it (API caller, CLI --by), else how it came (portal, sms, …).
      recorded_by: str(promise.recordedBy) ?? str(promise.source) ?? 'unknown',
      status: status === 'open' ? 'pending' : status,
    });
  }

  for (const task of tasks) {
    const taskId = str(task.taskId) ?? String(task.sk).slice('TASK#'.length);
    const done = task.status === 'done';
    const createdOn = str(task.createdAt) ? dayOf(String(task.createdAt)) : null;
    const completedOn = done && str(task.completedAt) ? dayOf(String(task.completedAt)) : null;
    seeDay(createdOn);
    seeDay(completedOn);
    await emit('tasks', {
      task_id: taskId,
      account_id: str(task.accountId) ?? '',
      type: str(task.type) ?? 'task',
      status: done ? 'done' : str(task.owner) ? 'claimed' : 'open',
      created_on: createdOn,
      completed_on: completedOn,
      completed_by: done ? (completedBy.get(taskId) ?? str(task.owner)) : null,
    });
  }

  for (const change of stageChanges.values()) {
    const changedOn = dayOf(change.at);
    seeDay(changedOn);
    await emit('stage_changes', { account_id: change.accountId, from_stage: change.from, to_stage: change.to, changed_on: changedOn });
  }

  // ---- Reference tables ----
  const dates = (input.reportDates ?? reportDates)(today);
  for (const date of dates) {
    seeDay(date.asOf);
    seeDay(date.periodFrom);
    await emit('report_dates', { as_of: date.asOf, period_from: date.periodFrom });
  }
  for (const row of calendarRows(minDay ?? today, maxDay ?? today)) await emit('calendar', row);
  for (const bucket of agingBucketDefinitions(reports.agingBuckets)) {
    await emit('aging_buckets', { bucket: bucket.bucket, ordinal: bucket.ordinal, min_dpd: bucket.minDpd, max_dpd: bucket.maxDpd });
  }
  for (const [currency, monthly] of Object.entries(reports.fixedMonthlyCost)) {
    currenciesSeen.add(currency);
    await emit('fixed_costs', { currency, monthly_amount: monthly });
  }
  for (const [from, rates] of Object.entries(reports.exchangeRates)) {
    currenciesSeen.add(from);
    for (const [to, rate] of Object.entries(rates)) {
      currenciesSeen.add(to);
      await emit('exchange_rates', { from_currency: from, to_currency: to, rate });
    }
  }
  for (const currency of [...currenciesSeen].sort()) {
    await emit('currencies', { currency, minor_digits: currencyExponent(currency) ?? 2 });
  }
  return counts;
}

/** The day a file cancelled the invoice: the first cancelled line after the last line that left it open. */
function cancellationDay(ingest: IngestInfo, dayOf: (at: string) => string | null): string | null {
  const after = (ingest.cancelledAts ?? []).filter((at) => !ingest.lastOpenAt || at > ingest.lastOpenAt).sort();
  const at = after[0] ?? ingest.cancelledAts?.sort().at(-1);
  return at ? dayOf(at) : null;
}

/** Every day from 400 days before `first` to 400 days after `last`, with its month. */
export function* calendarRows(first: string, last: string): Generator<LakeRow> {
  const from = epochDay(addDays(first, -400));
  const to = epochDay(addDays(last, 400));
  for (let d = from; d <= to; d += 1) {
    const day = fromEpochDay(d);
    yield { day, month_start: monthStart(day), month_end: monthEnd(day), days_in_month: daysInMonth(day) };
  }
}
