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
 * How an invoice's history is rebuilt (its balance on any day = amount + its events up to that day),
 * true to what was known when: a later file never rewrites an earlier month.
 * - each payment applied to it is a `payment` row of −applied amount on the payment's value date
 *   (a tolerance or discount it wrote off is an `adjustment` row on the same day, same payment id);
 * - each refund or chargeback that reopened it is a `reversal` row (+) on the reversal's value date;
 * - its file versions (the `invoice.ingested` lines, whose data carry status, balance and due date)
 *   are walked in time order with those payments and reversals (placed by the instant they were
 *   applied, `decidedAt`, else by value date): at each version, the difference between the file's
 *   balance and the balance rebuilt so far (amount at the first version: paid before Cobranza knew
 *   it) is an `adjustment` dated that ingest day; a version that says cancelled is a `cancellation`
 *   of −(the balance then) that day; one that says paid brings the balance to 0;
 * - a version whose due date differs from the previous one is a `terms` row (amount 0, the new due
 *   date); `invoices.due_date` is the first version's;
 * - finally, whatever still differs from the store (log lines missing, without a balance, or
 *   disagreeing with it) is one residual `adjustment` on the latest ingest day, so that the balance
 *   rebuilt at today always equals the store (a cancelled or paid invoice rebuilds to 0).
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

/** One file version of an invoice, from its `invoice.ingested` line (older lines carry only the status). */
interface InvoiceVersion {
  readonly at: string;
  readonly status: string | null;
  readonly balance: number | null;
  readonly dueDate: string | null;
}

interface ReversalSlice {
  readonly reversalId: string;
  readonly valueDate: string | null;
  readonly amount: number;
}

/** A change to the balance that Cobranza made itself (a payment, its write-off, a reversal). */
interface BalanceEvent {
  readonly kind: 'payment' | 'adjustment' | 'reversal';
  readonly amount: number;
  readonly day: string;
  readonly paymentId: string;
  /** When it changed the stored balance (the payment record's decidedAt), if known. */
  readonly at: string | null;
}

/** What the sent-message record says a message speaks for. */
interface SentInfo {
  readonly stepId: string | null;
  readonly invoiceNumbers: readonly string[];
  readonly planId: string | null;
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
  /** When a payment or reversal was applied to the invoices (its record's decidedAt). */
  const decidedAts = new Map<string, string>();
  const reversals = new Map<string, ReversalSlice[]>();
  const sentInfo = new Map<string, SentInfo>();
  /** A payment plan's currency, by account and plan id (installment reminders speak for their plan). */
  const planCurrency = new Map<string, string>();
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
        // Ingest never stores an invoice without its currency; an item that lacks one (written by hand)
        // goes under ISO 4217's "no currency" code, so it is never added to a real currency's figures.
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
      } else if (sk.startsWith('PLAN#')) {
        const currency = str(item.currency);
        if (currency) planCurrency.set(`${accountId}${SEP}${str(item.planId) ?? sk.slice('PLAN#'.length)}`, currency);
      }
    } else if (sk === 'PAYMENT' && pk.startsWith('PAYMENT#')) {
      const payment = obj(item.payment);
      const paymentId = str(payment.paymentId) ?? pk.slice('PAYMENT#'.length);
      const valueDate = isDay(payment.valueDate) ? payment.valueDate : null;
      if (valueDate) valueDates.set(paymentId, valueDate);
      const decidedAt = str(item.decidedAt);
      if (decidedAt) decidedAts.set(paymentId, decidedAt);
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
      const dispatch = obj(item.dispatch);
      const invoiceNumbers = arr(item.reminders).map((r) => str(obj(r).invoiceNumber)).filter((n): n is string => n !== null);
      const dispatchInvoice = str(dispatch.invoiceNumber);
      if (dispatchInvoice && !invoiceNumbers.includes(dispatchInvoice)) invoiceNumbers.push(dispatchInvoice);
      if (messageId) sentInfo.set(messageId, { stepId: str(dispatch.stepId), invoiceNumbers, planId: dispatch.kind === 'installment' ? str(dispatch.planId) : null });
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
  /**
   * The currency of what a message speaks for: an installment reminder's plan, else the invoices its
   * sent record lists (a consolidated reminder, a receipt, a letter), else the invoice its log line
   * names. A message about invoices of several currencies takes the first one's: a message row has one
   * currency, and the first invoice is the one the message was dispatched for (the others were merged
   * into it). Only when nothing is known, the account's usual (majority) currency.
   */
  const messageCurrency = (accountId: string, sent: SentInfo | undefined, lineInvoice: string | null): string | null => {
    const plan = sent?.planId ? planCurrency.get(`${accountId}${SEP}${sent.planId}`) : undefined;
    if (plan) return plan;
    for (const invoiceNumber of [...(sent?.invoiceNumbers ?? []), ...(lineInvoice ? [lineInvoice] : [])]) {
      const known = invoices.get(`${accountId}${SEP}${invoiceNumber}`)?.currency;
      if (known) return known;
    }
    return accountCurrency.get(accountId) ?? null;
  };

  // ---- Interactions: streamed ----
  const versions = new Map<string, InvoiceVersion[]>();
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
      const list = versions.get(key) ?? [];
      list.push({ at, status: str(data.status), balance: num(data.balance), dueDate: isDay(data.dueDate) ? data.dueDate : null });
      versions.set(key, list);
    } else if (type === 'message.sent') {
      const messageId = str(data.messageId) ?? str(line.reminderId) ?? String(line.interactionId ?? '').replace(/^message\.sent#/, '');
      const sentDate = dayOf(at);
      seeDay(sentDate);
      const costCurrency = str(data.costCurrency);
      if (costCurrency) currenciesSeen.add(costCurrency);
      const sent = sentInfo.get(messageId);
      const currency = messageCurrency(accountId, sent, str(line.invoiceNumber));
      await emit('messages', {
        message_id: messageId,
        account_id: accountId,
        currency,
        country: countryOf(accountId),
        channel: str(line.channel) ?? 'email',
        kind: str(data.kind) ?? 'reminder',
        template: str(data.template),
        tone: str(data.tone),
        step_id: sent?.stepId ?? null,
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
    const history = (versions.get(key) ?? []).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const first = history[0];
    const last = history.at(-1);
    const fallbackDay = (last ? dayOf(last.at) : null) ?? (invoice.updatedAt ? dayOf(invoice.updatedAt) : null) ?? today;
    const issueDate = invoice.issueDate ?? (first ? dayOf(first.at) : null) ?? fallbackDay;
    // The due date when it was first loaded (later changes are terms rows); the store's when no line says.
    const firstDueDate = history.find((v) => v.dueDate !== null)?.dueDate ?? invoice.dueDate;
    seeDay(issueDate);
    seeDay(firstDueDate);
    currenciesSeen.add(invoice.currency);
    const country = countryOf(invoice.accountId);
    await emit('invoices', {
      account_id: invoice.accountId,
      invoice_number: invoice.invoiceNumber,
      currency: invoice.currency,
      country,
      amount: invoice.amount,
      issue_date: issueDate,
      due_date: firstDueDate,
      status: invoice.status,
    });
    const event = async (kind: string, amount: number, day: string, paymentId: string | null, dueDate: string | null = null) => {
      if (amount === 0 && kind !== 'terms') return;
      seeDay(day);
      seeDay(dueDate);
      await emit('invoice_events', {
        account_id: invoice.accountId,
        invoice_number: invoice.invoiceNumber,
        currency: invoice.currency,
        event_date: day,
        kind,
        amount,
        payment_id: paymentId,
        due_date: dueDate,
      });
    };

    // What Cobranza itself did to the balance, in the order it did it.
    const own: BalanceEvent[] = [];
    for (const applied of invoice.applied) {
      const day = valueDates.get(applied.paymentId) ?? fallbackDay;
      const at = decidedAts.get(applied.paymentId) ?? null;
      own.push({ kind: 'payment', amount: -applied.amount, day, paymentId: applied.paymentId, at });
      own.push({ kind: 'adjustment', amount: -applied.writtenOff, day, paymentId: applied.paymentId, at });
    }
    for (const slice of reversals.get(key) ?? []) {
      if (!invoice.reversalIds.includes(slice.reversalId)) continue;
      own.push({ kind: 'reversal', amount: slice.amount, day: slice.valueDate ?? fallbackDay, paymentId: slice.reversalId, at: decidedAts.get(slice.reversalId) ?? null });
    }
    // Before which file version each came: by instant when its application time is known, else
    // by day (a payment valued on a file's day counts before that file).
    const versionDays = history.map((v) => dayOf(v.at) ?? fallbackDay);
    const slotOf = (e: BalanceEvent): number => {
      const i = history.findIndex((v, n) => (e.at !== null ? e.at < v.at : e.day <= versionDays[n]!));
      return i === -1 ? history.length : i;
    };
    const slots = own.map(slotOf);

    let rebuilt = invoice.amount;
    let cancelled = false;
    let dueDate = firstDueDate;
    for (let n = 0; n <= history.length; n += 1) {
      for (let i = 0; i < own.length; i += 1) {
        if (slots[i] !== n) continue;
        const e = own[i]!;
        await event(e.kind, e.amount, e.day, e.paymentId);
        rebuilt += e.amount;
      }
      const version = history[n];
      if (!version) break;
      const day = versionDays[n]!;
      if (n > 0 && version.dueDate !== null && version.dueDate !== dueDate) await event('terms', 0, day, null, version.dueDate);
      if (version.dueDate !== null) dueDate = version.dueDate;
      if (version.status === 'cancelled') {
        // What was still owed is cancelled that day (a second cancelled version: nothing left).
        await event('cancellation', -rebuilt, day, null);
        rebuilt = 0;
        cancelled = true;
        continue;
      }
      // The file's balance (paid: 0) against what the file before and our own events explain. NOTE:
      // `amount` is the invoice's amount now; if a file changed the amount, the first version's
      // difference absorbs that change (acceptable: the invoice row has one amount).
      const fileBalance = version.status === 'paid' ? 0 : version.balance;
      if (fileBalance !== null) {
        await event('adjustment', fileBalance - rebuilt, day, null);
        rebuilt = fileBalance;
      }
      if (version.status !== null) cancelled = false;
    }

    // Residual: the log lines may be missing, carry no balance (older lines) or disagree with the store
    // (a line lost, a payment applied between a file and its line). One adjustment on the latest ingest
    // day keeps amount + Σ events up to today equal to the stored balance, as before the walk existed.
    if (invoice.status === 'cancelled' && !cancelled) {
      await event('adjustment', invoice.balance - rebuilt, fallbackDay, null);
      await event('cancellation', -invoice.balance, fallbackDay, null);
      rebuilt = 0;
    }
    const target = invoice.status === 'open' ? invoice.balance : 0;
    await event('adjustment', target - rebuilt, fallbackDay, null);
    // Likewise the due date in force today is the store's.
    if (invoice.dueDate !== null && invoice.dueDate !== dueDate) await event('terms', 0, fallbackDay, null, invoice.dueDate);
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
    // The instant too: two changes of one day are ordered by it (normalised like the store writes it).
    const instant = new Date(change.at);
    const changedAt = Number.isNaN(instant.getTime()) ? change.at : instant.toISOString();
    await emit('stage_changes', { account_id: change.accountId, from_stage: change.from, to_stage: change.to, changed_on: changedOn, changed_at: changedAt });
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

/** Every day from 400 days before `first` to 400 days after `last`, with its month. */
export function* calendarRows(first: string, last: string): Generator<LakeRow> {
  const from = epochDay(addDays(first, -400));
  const to = epochDay(addDays(last, 400));
  for (let d = from; d <= to; d += 1) {
    const day = fromEpochDay(d);
    yield { day, month_start: monthStart(day), month_end: monthEnd(day), days_in_month: daysInMonth(day) };
  }
}
