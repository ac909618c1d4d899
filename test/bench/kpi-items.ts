/**
 * A portfolio of `invoices` invoices as the items the real stores write in the Accounts and
 * Interactions tables (the shapes of shared/adapters/aws/items.ts and the DynamoDB stores, unmarshalled
 * as a Scan through the document client returns them), for the KPI bench (test/bench/kpis-child.ts).
 *
 * Two async generators, one per table, that never hold the portfolio: each account's slice is rebuilt
 * from its own seed (account index) when a generator reaches it, so Accounts and Interactions agree
 * without keeping anything between them. Per account (invoices / 20 accounts, 20 invoices each):
 * - Accounts: PROFILE (accountToItem), INVOICE (invoiceToItem, with appliedAmounts / reversalIds),
 *   REMINDER (one per cadence step that came due), SENTMSG# + SENT# per message and LASTSENT# per
 *   channel (the sent-messages store), ESCALATION (stage and history) and PROMISE# items; PAYMENT#
 *   records (status applied, with applications) for ~40% of the invoices, a quarter of them partial,
 *   some paying two invoices at once, a few written off by tolerance, and rare refunds that reopen one.
 * - Interactions: invoice.ingested (a second line when a later file changed the balance),
 *   message.sent ~3 per invoice (channel, template, tone, policy version, cost), message.delivered,
 *   a few clicks and replies, escalation.stage lines.
 * Three currencies (MXN, COP, USD) in three countries; everything is deterministic for a given count.
 */
import { accountToItem, interactionToItem, invoiceToItem, reminderToItem, accountPk } from '../../shared/adapters/aws/items.js';
import type { Interaction, ReminderRecord } from '../../shared/domain/types.js';
import type { StoredAccount, StoredInvoice } from '../../shared/ports.js';

export type Item = Record<string, unknown>;

/** The instant the portfolio is generated at ("today" for curate). */
export const KPI_NOW = new Date('2027-01-15T18:00:00.000Z');
/** The as-of date the bench reports for: the last complete month. */
export const KPI_AS_OF = '2026-12-31';
export const INVOICES_PER_ACCOUNT = 20;

const MS_PER_DAY = 86_400_000;
const TODAY = Math.floor(KPI_NOW.getTime() / MS_PER_DAY);
const dayCache = new Map<number, string>();
function day(epochDay: number): string {
  let s = dayCache.get(epochDay);
  if (s === undefined) {
    s = new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
    dayCache.set(epochDay, s);
  }
  return s;
}
/** An instant on `epochDay` at `second` seconds after 14:00 UTC (office hours in the Americas). */
function instant(epochDay: number, second: number): string {
  const s = 14 * 3600 + (second % 28_800);
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${day(epochDay)}T${hh}:${mm}:${ss}.000Z`;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const MARKETS = [
  { country: 'MX', currency: 'MXN', timezone: 'America/Mexico_City', locale: 'es-MX', share: 0.6 },
  { country: 'CO', currency: 'COP', timezone: 'America/Bogota', locale: 'es-CO', share: 0.25 },
  { country: 'US', currency: 'USD', timezone: 'America/New_York', locale: 'en-US', share: 0.15 },
] as const;
type Channel = 'email' | 'sms' | 'whatsapp';
const CADENCE: readonly { id: string; offset: number; channel: Channel; template: string; tone: 'friendly' | 'firm' | 'formal' }[] = [
  { id: 'd-3', offset: -3, channel: 'email', template: 'upcoming', tone: 'friendly' },
  { id: 'd+0', offset: 0, channel: 'sms', template: 'due-today', tone: 'friendly' },
  { id: 'd+7', offset: 7, channel: 'email', template: 'overdue', tone: 'firm' },
  { id: 'd+21', offset: 21, channel: 'whatsapp', template: 'overdue', tone: 'formal' },
];
/** Provider cost per message, micro-USD. */
const COST_MICROS: Record<Channel, number> = { email: 100, sms: 45_000, whatsapp: 25_000 };
const STAGES = ['current', 'early', 'mid', 'advanced'] as const;

interface Slice {
  readonly accounts: Item[];
  readonly interactions: Item[];
}

/** Everything one account contributes to both tables (rebuilt from its index: deterministic). */
function accountSlice(index: number, invoiceCount: number, table: 'accounts' | 'interactions'): Slice {
  // Only the asked table's items are built; every random draw happens either way (the same slice).
  const A = table === 'accounts';
  const I = !A;
  const random = rng(index * 7919 + 17);
  const pick = random();
  const market = pick < 0.6 ? MARKETS[0] : pick < 0.85 ? MARKETS[1] : MARKETS[2];
  const accountId = `${market.country}-${String(index).padStart(7, '0')}`;
  const pk = accountPk(accountId);
  const accounts: Item[] = [];
  const interactions: Item[] = [];
  const log = (line: Interaction) => interactions.push(interactionToItem(line));
  const keep = (item: Item) => accounts.push(item);
  const created = TODAY - 420 + Math.floor(random() * 30);
  const account: StoredAccount = {
    accountId,
    name: `Cliente ${index} S.A. de C.V.`,
    taxId: `XAX${String(index).padStart(9, '0')}`,
    email: `ap${index}@cliente.example`,
    phone: `+52155${String(index).padStart(8, '0')}`,
    country: market.country,
    timezone: market.timezone,
    locale: market.locale,
    channels: ['email', 'sms', 'whatsapp'],
    whatsappOptIn: true,
    debtorType: random() < 0.9 ? 'business' : 'consumer',
    contentHash: `h${index}`,
    updatedAt: instant(created, index),
  };
  if (A) keep(accountToItem(account));

  const lastSent = new Map<Channel, { messageId: string; at: string }>();
  let worstDpd = -Infinity;
  let paymentSeq = 0;
  // Invoices paid together by one transfer: the previous invoice's payment may carry this one too.
  let shared: { paymentId: string; valueDay: number; applications: Item[]; amount: number } | undefined;
  const payments: Item[] = [];
  const flushShared = () => {
    if (!shared) return;
    if (A) payments.push(paymentItem(shared.paymentId, shared.amount, market.currency, shared.valueDay, shared.applications, index));
    shared = undefined;
  };

  for (let n = 0; n < invoiceCount; n += 1) {
    const invoiceNumber = `F-${index}-${String(n).padStart(2, '0')}`;
    const issue = TODAY - 5 - Math.floor(random() * 360);
    const due = issue + (random() < 0.5 ? 30 : 60);
    const amount = (Math.floor(random() * 199_000) + 1_000) * 100;
    const ingestedAt = instant(issue + 1, index + n * 37);
    let balance = amount;
    let status: 'open' | 'paid' | 'cancelled' = 'open';
    const appliedAmounts: { paymentId: string; amount: number; writtenOff: number }[] = [];
    const reversalIds: string[] = [];
    let stopDay = TODAY; // no reminder after the day it was paid
    let ingestedAgain: string | undefined;

    const paid = random();
    if (paid < 0.4) {
      const valueDay = Math.min(TODAY - 1, due - 10 + Math.floor(random() * 70));
      const partial = random() < 0.25;
      const tolerance = !partial && random() < 0.05;
      const applied = partial ? Math.round(amount * (0.3 + random() * 0.5)) : tolerance ? amount - 37 : amount;
      const writtenOff = tolerance ? 37 : 0;
      // One transfer for this invoice and the previous one, 10% of the time (same value day).
      let paymentId: string;
      if (shared && random() < 0.1 && valueDay >= shared.valueDay) {
        paymentId = shared.paymentId;
      } else {
        flushShared();
        paymentId = `stmt:${index.toString(36)}${(paymentSeq += 1).toString(36)}`;
        shared = { paymentId, valueDay, applications: [], amount: 0 };
      }
      balance = amount - applied - writtenOff;
      status = balance === 0 ? 'paid' : 'open';
      shared!.amount += applied;
      shared!.applications.push({ accountId, invoiceNumber, amount: applied, writtenOff, balanceAfter: balance });
      appliedAmounts.push({ paymentId, amount: applied, writtenOff });
      if (status === 'paid') stopDay = Math.min(stopDay, shared!.valueDay);
      // A refund that reopened a paid invoice (rare).
      if (status === 'paid' && random() < 0.01) {
        const reversalId = `stripe:re_${index.toString(36)}_${n}`;
        const reversalDay = Math.min(TODAY - 1, valueDay + 5);
        balance = amount;
        status = 'open';
        reversalIds.push(reversalId);
        if (A) payments.push({
          pk: `PAYMENT#${reversalId}`,
          sk: 'PAYMENT',
          payment: { paymentId: reversalId, source: 'stripe', kind: 'refund', amount, currency: market.currency, valueDate: day(reversalDay) },
          status: 'reversed',
          receivedAt: instant(reversalDay, n),
          updatedAt: instant(reversalDay, n + 60),
          applications: [],
          unapplied: 0,
          reversalPlan: [{ kind: 'invoice', accountId, invoiceNumber, amount }],
          version: 2,
        });
      }
    } else if (paid < 0.42) {
      // A later file lowered the balance (a credit note outside Cobranza): one more ingest line.
      const changeDay = Math.min(TODAY - 1, issue + 10 + Math.floor(random() * 30));
      balance = Math.round(amount * 0.8);
      ingestedAgain = instant(changeDay, n + index);
    } else if (paid < 0.43) {
      const cancelDay = Math.min(TODAY - 1, issue + 3 + Math.floor(random() * 20));
      status = 'cancelled';
      ingestedAgain = instant(cancelDay, n + index);
      stopDay = Math.min(stopDay, cancelDay);
    }
    if (status === 'open' && balance > 0) worstDpd = Math.max(worstDpd, TODAY - due);

    const invoice: StoredInvoice = {
      accountId,
      invoiceNumber,
      currency: market.currency,
      amount,
      balance,
      issueDate: day(issue),
      dueDate: day(due),
      status,
      contentHash: `c${index}-${n}`,
      plannedHash: `c${index}-${n}`,
      updatedAt: ingestedAgain ?? ingestedAt,
      ...(appliedAmounts.length ? { appliedPaymentIds: appliedAmounts.map((a) => a.paymentId), appliedAmounts } : {}),
      ...(reversalIds.length ? { reversalIds } : {}),
    };
    if (A) keep(invoiceToItem(invoice));
    if (I) log({
      interactionId: `ingested#${invoiceNumber}#c${index}-${n}`,
      accountId,
      at: ingestedAt,
      type: 'invoice.ingested',
      invoiceNumber,
      detail: `created from portfolio-${day(issue + 1)}.csv line ${n + 2}`,
      data: { status: 'open', balance: amount, currency: market.currency, dueDate: day(due) },
    });
    if (ingestedAgain && I) {
      log({
        interactionId: `ingested#${invoiceNumber}#c${index}-${n}b`,
        accountId,
        at: ingestedAgain,
        type: 'invoice.ingested',
        invoiceNumber,
        detail: `updated from portfolio-${ingestedAgain.slice(0, 10)}.csv line ${n + 2}`,
        data: { status, balance, currency: market.currency, dueDate: day(due) },
      });
    }

    // Reminders: one per step that came due before the invoice was paid or cancelled.
    for (const step of CADENCE) {
      const sendDay = due + step.offset;
      if (sendDay >= stopDay) continue;
      const reminderId = `${invoiceNumber}.${step.id}.${index.toString(36)}`;
      const at = instant(sendDay, n * 11 + index);
      const record: ReminderRecord = {
        accountId,
        invoiceNumber,
        reminderId,
        segmentId: 'default',
        step: { ...step, offsetDays: step.offset },
        sendAt: at,
        timezone: market.timezone,
        catchUp: false,
        scheduleName: `r-${reminderId}`,
        status: 'sent',
        updatedAt: at,
      };
      if (A) keep(reminderToItem(record));
      const providerMessageId = `${step.channel}-${reminderId}`;
      const sent = {
        channel: step.channel,
        providerMessageId,
        accountId,
        messageId: reminderId,
        address: step.channel === 'email' ? account.email : account.phone,
        sentAt: at,
        reminders: [{ invoiceNumber, reminderId }],
        fallback: [],
        kind: 'reminder',
        dispatch: { kind: 'reminder', accountId, invoiceNumber, reminderId, stepId: step.id, channel: step.channel, template: step.template, tone: step.tone, scheduledFor: at },
      };
      if (A) keep({ ...sent, pk: `SENTMSG#${reminderId}`, sk: 'SENT' });
      if (A) keep({ ...sent, pk: `SENT#${step.channel}#${providerMessageId}`, sk: 'SENT' });
      const previous = lastSent.get(step.channel);
      if (!previous || at > previous.at) lastSent.set(step.channel, { messageId: reminderId, at });
      const channel = step.channel;
      if (I) log({
        interactionId: `message.sent#${reminderId}`,
        accountId,
        at,
        type: 'message.sent',
        invoiceNumber,
        reminderId,
        channel,
        detail: providerMessageId,
        data: {
          messageId: reminderId,
          invoices: 1,
          kind: 'reminder',
          costMicros: COST_MICROS[channel],
          costCurrency: 'USD',
          ...(channel === 'sms' ? { segments: 1, encoding: 'GSM-7' } : {}),
          template: step.template,
          tone: step.tone,
          policyVersion: 3,
        },
      });
      const fate = random();
      if (fate < 0.92 && I) {
        log({ interactionId: `message.delivered#${reminderId}`, accountId, at: instant(sendDay, n * 11 + index + 40), type: 'message.delivered', invoiceNumber, reminderId, channel, detail: 'delivered', data: { messageId: reminderId } });
      }
      if (!I) {
        // the Accounts table has no delivery events
      } else if (fate < 0.05 && channel === 'email') {
        log({ interactionId: `message.clicked#${reminderId}`, accountId, at: instant(sendDay + 1, n * 13 + index), type: 'message.clicked', invoiceNumber, reminderId, channel, detail: 'clicked', data: { messageId: reminderId } });
      } else if (fate > 0.98) {
        log({ interactionId: `reply.received#${reminderId}`, accountId, at: instant(sendDay + 1, n * 17 + index), type: 'reply.received', channel, detail: 'promise: pago el viernes', data: { kind: 'promise', messageId: reminderId } });
      }
    }
  }
  flushShared();
  if (A) accounts.push(...payments);
  for (const [channel, last] of A ? lastSent : []) {
    keep({ pk, sk: `LASTSENT#${channel}`, channel, accountId, messageId: last.messageId, sentAt: last.at, kind: 'reminder', reminders: [], fallback: [] });
  }

  // Escalation: stages follow the worst days past due; each change is a history entry and a log line.
  const target = worstDpd > 60 ? 3 : worstDpd > 30 ? 2 : worstDpd > 0 ? 1 : 0;
  const history: Item[] = [];
  for (let s = 1; s <= target; s += 1) {
    const at = instant(TODAY - 1 - (target - s) * 20 - Math.floor(random() * 10), index + s);
    const change = { at, from: STAGES[s - 1]!, to: STAGES[s]!, reason: `${STAGES[s]} by days past due`, score: s * 20 };
    history.push(change);
    if (I) log({ interactionId: `escalation.stage#${s}`, accountId, at, type: 'escalation.stage', detail: `${change.from} → ${change.to}`, data: { from: change.from, to: change.to, score: change.score } });
  }
  if (history.length > 0 && A) {
    keep({ pk, sk: 'ESCALATION', accountId, stage: STAGES[target], since: String(history.at(-1)!.at), history, version: target, lastScore: target * 20 });
  }
  // Promises: about one account in three made one (kept, broken or still open).
  if (random() < 0.35 && A) {
    const promiseDay = TODAY - 40 + Math.floor(random() * 50);
    const outcome = promiseDay >= TODAY ? 'open' : random() < 0.6 ? 'kept' : 'broken';
    const promiseId = `p-${index.toString(36)}`;
    accounts.push({
      pk,
      sk: `PROMISE#${promiseId}`,
      promiseId,
      accountId,
      date: day(promiseDay),
      amount: (Math.floor(random() * 50_000) + 1_000) * 100,
      currency: market.currency,
      source: random() < 0.5 ? 'portal' : 'email',
      createdAt: instant(promiseDay - 7, index),
      status: outcome,
      ...(outcome === 'open' ? {} : { closedAt: instant(promiseDay + 3, index) }),
    });
  }
  return { accounts, interactions };
}

function paymentItem(paymentId: string, amount: number, currency: string, valueDay: number, applications: readonly Item[], index: number): Item {
  const receivedAt = instant(valueDay + 1, index);
  return {
    pk: `PAYMENT#${paymentId}`,
    sk: 'PAYMENT',
    payment: { paymentId, source: 'statement', kind: 'payment', amount, currency, valueDate: day(valueDay), payerName: `CLIENTE ${index} SA DE CV`, reference: `PAGO FACT ${String(applications[0]?.invoiceNumber)}` },
    status: 'applied',
    version: 3,
    decidedAt: receivedAt,
    receivedAt,
    updatedAt: receivedAt,
    decision: { rule: 'reference', confidence: 0.98, explanation: 'invoice number in the reference' },
    plan: { allocations: applications.map((a) => ({ accountId: a.accountId, invoiceNumber: a.invoiceNumber, amount: a.amount })), appliedBy: 'auto' },
    applications,
    unapplied: 0,
    appliedBy: 'auto',
  };
}

function accountCount(invoices: number): number {
  return Math.max(1, Math.ceil(invoices / INVOICES_PER_ACCOUNT));
}
function invoicesOf(index: number, invoices: number): number {
  return Math.min(INVOICES_PER_ACCOUNT, invoices - index * INVOICES_PER_ACCOUNT);
}

/** The Accounts table's items, account by account (plus the active policy's absence: defaults apply). */
export async function* accountsItems(invoices: number): AsyncGenerator<Item> {
  for (let i = 0; i < accountCount(invoices); i += 1) yield* accountSlice(i, invoicesOf(i, invoices), 'accounts').accounts;
}

/** The Interactions table's items, account by account. */
export async function* interactionItems(invoices: number): AsyncGenerator<Item> {
  for (let i = 0; i < accountCount(invoices); i += 1) yield* accountSlice(i, invoicesOf(i, invoices), 'interactions').interactions;
}
