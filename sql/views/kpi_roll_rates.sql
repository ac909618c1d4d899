-- columns: as_of date, period_from date, currency varchar, country varchar, bucket varchar, bucket_ordinal integer, base bigint, rolled bigint, cured bigint, roll_rate double, cure_rate double
-- Roll rates by invoice cohort: the invoices in each bucket at the end of the previous period
-- (period_from − 1 day; base = their balances then); rolled = the part of the base whose invoice is in a
-- later bucket at the as-of date; cured = the part whose invoice owes nothing at the as-of date and
-- was not cancelled (a cancelled invoice was not paid).
-- Nothing rolls past the last bucket: its roll rate is NULL (its cure rate still says what came back).
SELECT s.as_of, s.period_from, s.currency, s.country, b.bucket, b.ordinal AS bucket_ordinal,
  CAST(COALESCE(SUM(p.prior_balance), 0) AS BIGINT) AS base,
  CAST(COALESCE(SUM(CASE WHEN p.balance > 0 AND p.bucket_ordinal > p.prior_bucket_ordinal THEN p.prior_balance ELSE 0 END), 0) AS BIGINT) AS rolled,
  CAST(COALESCE(SUM(CASE WHEN p.balance <= 0 AND p.cancelled = 0 THEN p.prior_balance ELSE 0 END), 0) AS BIGINT) AS cured,
  CASE WHEN b.ordinal < (SELECT MAX(ordinal) FROM aging_buckets) THEN
    ROUND(CAST(SUM(CASE WHEN p.balance > 0 AND p.bucket_ordinal > p.prior_bucket_ordinal THEN p.prior_balance ELSE 0 END) AS DOUBLE)
      / NULLIF(CAST(SUM(p.prior_balance) AS DOUBLE), 0) * 100, 2) END AS roll_rate,
  ROUND(CAST(SUM(CASE WHEN p.balance <= 0 AND p.cancelled = 0 THEN p.prior_balance ELSE 0 END) AS DOUBLE)
    / NULLIF(CAST(SUM(p.prior_balance) AS DOUBLE), 0) * 100, 2) AS cure_rate
FROM kpi_scopes s
CROSS JOIN aging_buckets b
LEFT JOIN kpi_invoice_positions p
  ON p.as_of = s.as_of AND p.period_from = s.period_from AND p.currency = s.currency AND p.country = s.country
  AND p.prior_bucket = b.bucket AND p.prior_balance > 0
GROUP BY s.as_of, s.period_from, s.currency, s.country, b.bucket, b.ordinal
