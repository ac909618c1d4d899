-- columns: as_of date, period_from date, currency varchar, country varchar, bucket varchar, bucket_ordinal integer, amount bigint, invoices bigint
-- Open AR at the as-of date by aging bucket (policy reports.agingBuckets; default current = not yet
-- due or due that day, 1-30, 31-60, 61-90, 90+ = 91 days or more). The buckets sum to open AR.
SELECT s.as_of, s.period_from, s.currency, s.country, b.bucket, b.ordinal AS bucket_ordinal,
  CAST(COALESCE(SUM(p.balance), 0) AS BIGINT) AS amount,
  COUNT(p.invoice_number) AS invoices
FROM kpi_scopes s
CROSS JOIN aging_buckets b
LEFT JOIN kpi_invoice_positions p
  ON p.as_of = s.as_of AND p.period_from = s.period_from AND p.currency = s.currency AND p.country = s.country
  AND p.bucket = b.bucket AND p.balance <> 0
GROUP BY s.as_of, s.period_from, s.currency, s.country, b.bucket, b.ordinal
