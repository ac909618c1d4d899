/** Builders for escalation tests: one Mexican account, invoices by days past due, a fresh record. */
import { addDays, localDate } from '../../../shared/domain/escalation/local-time.js';
import type { EvaluationInput } from '../../../shared/domain/escalation/evaluate.js';
import type { Dispute, EscalationRecord, PromiseToPay } from '../../../shared/domain/escalation/types.js';
import { defaultPolicy } from '../../../shared/domain/policy/parse.js';
import type { Account, Invoice } from '../../../shared/domain/types.js';

export const ZONE = 'America/Mexico_City';
/** 09:00 in Mexico City (UTC−6, no DST since 2022). */
export const NOW = new Date('2026-12-01T15:00:00.000Z');
export const TODAY = '2026-12-01';

export const account: Account = { accountId: 'A-1', name: 'Comercial Norte SA', timezone: ZONE, locale: 'es-MX', country: 'MX', email: 'ap@norte.example' };

/** An open MXN invoice `days` past due on `now` (due date = the debtor's today − days). */
export function invoice(number: string, days: number, balance = 2_000_000, now: Date = NOW, extra: Partial<Invoice> = {}): Invoice {
  return {
    accountId: 'A-1',
    invoiceNumber: number,
    currency: 'MXN',
    amount: Math.max(balance, 1),
    balance,
    dueDate: addDays(localDate(now, ZONE), -days),
    status: balance > 0 ? 'open' : 'paid',
    ...extra,
  };
}

export function record(stage: EscalationRecord['stage'] = 'current', extra: Partial<EscalationRecord> = {}): EscalationRecord {
  return { accountId: 'A-1', stage, since: '2026-01-01T00:00:00.000Z', history: [], version: stage === 'current' ? 0 : 3, ...extra };
}

export function promise(id: string, date: string, extra: Partial<PromiseToPay> = {}): PromiseToPay {
  return { promiseId: id, accountId: 'A-1', date, source: 'whatsapp', createdAt: '2026-11-25T15:00:00.000Z', status: 'open', ...extra };
}

export function dispute(id: string, invoiceNumber: string, openedAt: string, extra: Partial<Dispute> = {}): Dispute {
  const slaDueAt = new Date(Date.parse(openedAt) + 72 * 3_600_000).toISOString();
  return { disputeId: id, accountId: 'A-1', invoiceNumber, reason: 'not-delivered', openedAt, slaDueAt, status: 'open', ...extra };
}

export const noPayments: EvaluationInput['payments'] = { applied90Days: 0, partialPayments90Days: 0, reversals90Days: 0 };

export function input(extra: Partial<EvaluationInput> = {}): EvaluationInput {
  return {
    now: NOW,
    policy: defaultPolicy,
    account,
    invoices: [],
    record: record(),
    promises: [],
    disputes: [],
    plans: [],
    payments: noPayments,
    contactAttemptsWithoutReply: 0,
    // A seasoned account: the reminders that earn the pre-legal stage went out long ago.
    collectionHistory: { delivered: 4, firstDeliveredAt: '2025-01-15T15:00:00.000Z' },
    openTasks: 0,
    ...extra,
  };
}
