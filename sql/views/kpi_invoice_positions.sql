-- columns: as_of date, period_from date, prior_date date, currency varchar, country varchar, account_id varchar, invoice_number varchar, issue_date date, due_date date, balance bigint, dpd integer, bucket varchar, bucket_ordinal integer, prior_balance bigint, prior_dpd integer, prior_bucket varchar, prior_bucket_ordinal integer, cancelled integer
-- Every invoice issued by each report date, with its balance and aging bucket at the as-of date and at
-- the end of the previous period (period_from − 1 day), rebuilt from the history: amount + every
-- balance change dated on or before that day, aged by the due date in force that day (the first known
-- one, or the latest terms row dated on or before it). Each invoice appears twice: under its country and under
-- 'ALL', so every KPI can be filtered by country without summing ratios. cancelled = 1 when the
-- invoice was cancelled on or before the as-of date (it then owes nothing, but was not paid).
WITH dates AS (
  SELECT as_of, period_from, CAST(period_from - INTERVAL '1' DAY AS DATE) AS prior_date
  FROM report_dates
),
balances AS (
  SELECT d.as_of, d.period_from, d.prior_date, i.currency, i.country, i.account_id, i.invoice_number, i.issue_date, i.due_date,
    CAST(i.amount + COALESCE(SUM(e.amount), 0) AS BIGINT) AS balance,
    CAST(CASE WHEN i.issue_date <= d.prior_date
      THEN i.amount + COALESCE(SUM(CASE WHEN e.event_date <= d.prior_date THEN e.amount ELSE 0 END), 0)
      ELSE 0 END AS BIGINT) AS prior_balance,
    MAX(CASE WHEN e.kind = 'cancellation' THEN 1 ELSE 0 END) AS cancelled
  FROM dates d
  JOIN invoices i ON i.issue_date <= d.as_of
  LEFT JOIN invoice_events e
    ON e.account_id = i.account_id AND e.invoice_number = i.invoice_number AND e.event_date <= d.as_of
  GROUP BY d.as_of, d.period_from, d.prior_date, i.currency, i.country, i.account_id, i.invoice_number, i.issue_date, i.due_date, i.amount
),
terms AS (
  SELECT d.as_of, d.period_from, t.account_id, t.invoice_number, t.event_date, t.due_date,
    ROW_NUMBER() OVER (PARTITION BY d.as_of, d.period_from, t.account_id, t.invoice_number ORDER BY t.event_date DESC) AS latest
  FROM dates d
  JOIN invoice_events t ON t.kind = 'terms' AND t.event_date <= d.as_of
),
prior_terms AS (
  SELECT d.as_of, d.period_from, t.account_id, t.invoice_number, t.due_date,
    ROW_NUMBER() OVER (PARTITION BY d.as_of, d.period_from, t.account_id, t.invoice_number ORDER BY t.event_date DESC) AS latest
  FROM dates d
  JOIN invoice_events t ON t.kind = 'terms' AND t.event_date <= d.prior_date
),
aged AS (
  SELECT b.as_of, b.period_from, b.prior_date, b.currency, b.country, b.account_id, b.invoice_number, b.issue_date,
    COALESCE(t.due_date, b.due_date) AS due_date, b.balance, b.prior_balance, b.cancelled,
    CAST(date_diff('day', COALESCE(t.due_date, b.due_date), b.as_of) AS INTEGER) AS dpd,
    CAST(date_diff('day', COALESCE(pt.due_date, b.due_date), b.prior_date) AS INTEGER) AS prior_dpd
  FROM balances b
  LEFT JOIN terms t
    ON t.as_of = b.as_of AND t.period_from = b.period_from AND t.account_id = b.account_id AND t.invoice_number = b.invoice_number AND t.latest = 1
  LEFT JOIN prior_terms pt
    ON pt.as_of = b.as_of AND pt.period_from = b.period_from AND pt.account_id = b.account_id AND pt.invoice_number = b.invoice_number AND pt.latest = 1
)
SELECT a.as_of, a.period_from, a.prior_date, a.currency,
  CASE WHEN s.all_countries = 1 THEN 'ALL' ELSE a.country END AS country,
  a.account_id, a.invoice_number, a.issue_date, a.due_date,
  a.balance, a.dpd, nb.bucket, nb.ordinal AS bucket_ordinal,
  a.prior_balance, a.prior_dpd, pb.bucket AS prior_bucket, pb.ordinal AS prior_bucket_ordinal,
  CAST(COALESCE(a.cancelled, 0) AS INTEGER) AS cancelled
FROM aged a
CROSS JOIN (SELECT 0 AS all_countries UNION ALL SELECT 1 AS all_countries) s
JOIN aging_buckets nb
  ON (nb.min_dpd IS NULL OR a.dpd >= nb.min_dpd) AND (nb.max_dpd IS NULL OR a.dpd <= nb.max_dpd)
JOIN aging_buckets pb
  ON (pb.min_dpd IS NULL OR a.prior_dpd >= pb.min_dpd) AND (pb.max_dpd IS NULL OR a.prior_dpd <= pb.max_dpd)
