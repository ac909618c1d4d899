/**
 * The curated lake: the flat, typed tables every KPI view reads, defined once. The curate step writes
 * them (Parquet under `lake/<table>/` on AWS and in the local data dir), the CDK app declares them as
 * Glue tables from this list, and DuckDB reads the same files locally — so a column can never exist in
 * one engine and not the other.
 *
 * Conventions: money is integer minor units of `currency` (BIGINT); message costs are millionths of
 * `cost_currency`'s major unit (as the channels estimate them); dates are calendar days in the
 * company's reporting time zone (policy `reports.timezone`); a payment counts on its value date.
 */

export type LakeColumnType = 'varchar' | 'bigint' | 'integer' | 'double' | 'date' | 'boolean' | 'timestamp';

export interface LakeColumn {
  readonly name: string;
  readonly type: LakeColumnType;
  /** What a manager reading the Glue catalog needs to know. */
  readonly comment: string;
}

export interface LakeTable {
  readonly name: LakeTableName;
  readonly comment: string;
  readonly columns: readonly LakeColumn[];
}

export const LAKE_TABLE_NAMES = [
  'accounts',
  'invoices',
  'invoice_events',
  'messages',
  'message_events',
  'promises',
  'stage_changes',
  'tasks',
  'calendar',
  'report_dates',
  'aging_buckets',
  'currencies',
  'fixed_costs',
  'exchange_rates',
] as const;
export type LakeTableName = (typeof LAKE_TABLE_NAMES)[number];

const c = (name: string, type: LakeColumnType, comment: string): LakeColumn => ({ name, type, comment });

export const LAKE_TABLES: readonly LakeTable[] = [
  {
    name: 'accounts',
    comment: 'One row per debtor account as it stands now.',
    columns: [
      c('account_id', 'varchar', 'the debtor account'),
      c('name', 'varchar', 'the debtor as the invoice file names it'),
      c('country', 'varchar', 'ISO 3166-1 alpha-2, or ZZ when unknown'),
      c('debtor_type', 'varchar', 'business | sme | consumer'),
      c('stage', 'varchar', 'escalation stage now (current when never escalated)'),
    ],
  },
  {
    name: 'invoices',
    comment: 'One row per invoice: what was billed and when. Its balance at any date is amount plus its invoice_events up to that date.',
    columns: [
      c('account_id', 'varchar', 'the debtor account'),
      c('invoice_number', 'varchar', 'as the file gives it'),
      c('currency', 'varchar', 'ISO 4217'),
      c('country', 'varchar', "the account's country (ZZ when unknown)"),
      c('amount', 'bigint', 'original amount, minor units'),
      c('issue_date', 'date', 'issue date from the file; the day it was first loaded when the file has none'),
      c('due_date', 'date', 'the due date when the invoice was first loaded (later changes are terms rows of invoice_events)'),
      c('status', 'varchar', 'open | paid | cancelled, now'),
    ],
  },
  {
    name: 'invoice_events',
    comment: "Every dated change to an invoice: its balance (payments negative, refunds and chargebacks positive, adjustments, cancellations) and its due date (terms rows).",
    columns: [
      c('account_id', 'varchar', 'the debtor account'),
      c('invoice_number', 'varchar', 'the invoice'),
      c('currency', 'varchar', 'ISO 4217 (the invoice currency)'),
      c('event_date', 'date', "a payment's or reversal's value date; the day a file or a person changed the balance"),
      c('kind', 'varchar', 'payment | reversal | adjustment | cancellation | terms'),
      c('amount', 'bigint', 'signed change to the balance, minor units (a payment is negative; 0 on terms rows)'),
      c('payment_id', 'varchar', 'the payment (payment and reversal rows), else null'),
      c('due_date', 'date', 'terms rows: the due date from event_date on; else null'),
    ],
  },
  {
    name: 'messages',
    comment: 'One row per message that went out (accepted by the provider).',
    columns: [
      c('message_id', 'varchar', 'provider message id'),
      c('account_id', 'varchar', 'the debtor account'),
      c('currency', 'varchar', 'currency of the invoices the message speaks for'),
      c('country', 'varchar', "the account's country (ZZ when unknown)"),
      c('channel', 'varchar', 'email | sms | whatsapp'),
      c('kind', 'varchar', 'reminder | receipt | reply | letter | installment'),
      c('template', 'varchar', 'template name (null when not a cadence message)'),
      c('tone', 'varchar', 'friendly | firm | formal (null when not a cadence message)'),
      c('step_id', 'varchar', 'the cadence step (null when unknown)'),
      c('policy_version', 'integer', 'the policy version active when it was sent (null when unknown)'),
      c('sent_at', 'timestamp', 'UTC instant the provider accepted it'),
      c('sent_date', 'date', 'the same instant as a reporting-zone day'),
      c('cost_micros', 'bigint', 'estimated cost in millionths of cost_currency'),
      c('cost_currency', 'varchar', 'ISO 4217 of the cost (null when no estimate)'),
    ],
  },
  {
    name: 'message_events',
    comment: 'What came back: deliveries and clicks (of one message), replies (of an account).',
    columns: [
      c('account_id', 'varchar', 'the debtor account'),
      c('message_id', 'varchar', 'the message (null for replies)'),
      c('kind', 'varchar', 'delivered | clicked | reply'),
      c('event_date', 'date', 'reporting-zone day'),
    ],
  },
  {
    name: 'promises',
    comment: 'Promises to pay and how they ended.',
    columns: [
      c('promise_id', 'varchar', 'the promise'),
      c('account_id', 'varchar', 'the debtor account'),
      c('currency', 'varchar', "the promise's currency (the account's invoice currency when it named no amount)"),
      c('amount', 'bigint', 'promised amount, minor units (null when none was named)'),
      c('promised_date', 'date', 'the day the debtor promised to pay by'),
      c('recorded_on', 'date', 'when it was recorded'),
      c('recorded_by', 'varchar', 'portal | cli | api:<who> | sms | whatsapp | email'),
      c('status', 'varchar', 'pending | kept | broken | superseded'),
    ],
  },
  {
    name: 'stage_changes',
    comment: 'Every escalation stage an account entered.',
    columns: [
      c('account_id', 'varchar', 'the debtor account'),
      c('from_stage', 'varchar', 'stage before'),
      c('to_stage', 'varchar', 'stage entered'),
      c('changed_on', 'date', 'reporting-zone day'),
      c('changed_at', 'timestamp', 'UTC instant (orders two changes of one day)'),
    ],
  },
  {
    name: 'tasks',
    comment: 'Collector tasks.',
    columns: [
      c('task_id', 'varchar', 'the task'),
      c('account_id', 'varchar', 'the debtor account'),
      c('type', 'varchar', 'call | post-letter | review-invoice | …'),
      c('status', 'varchar', 'open | claimed | done'),
      c('created_on', 'date', 'reporting-zone day'),
      c('completed_on', 'date', 'reporting-zone day (null while open)'),
      c('completed_by', 'varchar', 'the collector (null while open)'),
    ],
  },
  {
    name: 'calendar',
    comment: 'One row per day the KPIs may need (instead of engine-specific date series).',
    columns: [
      c('day', 'date', 'the day'),
      c('month_start', 'date', 'first day of its month'),
      c('month_end', 'date', 'last day of its month'),
      c('days_in_month', 'integer', 'calendar days of its month'),
    ],
  },
  {
    name: 'report_dates',
    comment: 'The as-of dates and periods the KPI views are computed for (month ends and today on AWS; what the CLI asks locally).',
    columns: [
      c('as_of', 'date', 'T, the last day of the period'),
      c('period_from', 'date', 'first day of the period'),
    ],
  },
  {
    name: 'aging_buckets',
    comment: "The policy's aging buckets (reports.agingBuckets).",
    columns: [
      c('bucket', 'varchar', 'label, e.g. current, 1-30, 90+'),
      c('ordinal', 'integer', '0 for current, then in order'),
      c('min_dpd', 'integer', 'lowest days past due in it (null: no lower bound)'),
      c('max_dpd', 'integer', 'highest days past due in it (null: no upper bound)'),
    ],
  },
  {
    name: 'currencies',
    comment: 'ISO 4217 minor-unit digits of each currency seen.',
    columns: [
      c('currency', 'varchar', 'ISO 4217'),
      c('minor_digits', 'integer', 'e.g. 2 for MXN, COP and USD'),
    ],
  },
  {
    name: 'fixed_costs',
    comment: "The policy's fixed monthly cost of collections per currency (reports.fixedMonthlyCost).",
    columns: [
      c('currency', 'varchar', 'ISO 4217'),
      c('monthly_amount', 'bigint', 'minor units per calendar month'),
    ],
  },
  {
    name: 'exchange_rates',
    comment: "The policy's rates for turning message costs into the report currency (reports.exchangeRates).",
    columns: [
      c('from_currency', 'varchar', 'ISO 4217 of a message cost, e.g. USD'),
      c('to_currency', 'varchar', 'ISO 4217 of the portfolio, e.g. MXN'),
      c('rate', 'double', 'units of to_currency per unit of from_currency'),
    ],
  },
];

export function lakeTable(name: LakeTableName): LakeTable {
  const table = LAKE_TABLES.find((t) => t.name === name);
  if (!table) throw new Error(`no lake table ${name}`);
  return table;
}
