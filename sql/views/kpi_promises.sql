-- columns: as_of date, period_from date, currency varchar, country varchar, kept bigint, broken bigint, pending bigint, kept_amount bigint, broken_amount bigint, kept_rate double, kept_amount_rate double
-- Promises to pay due in the period (promised date in [period_from, as_of]): kept rate = kept /
-- (kept + broken) × 100, by count and by amount (promises that named no amount count only by count);
-- pending and superseded promises are left out of both.
WITH due AS (
  SELECT s.as_of, s.period_from, s.currency, s.country, pa.status, pa.amount
  FROM kpi_scopes s
  JOIN (SELECT pr.promise_id, pr.currency, pr.amount, pr.promised_date, pr.status, a.country AS account_country
        FROM promises pr JOIN accounts a ON a.account_id = pr.account_id) pa
    ON pa.currency = s.currency AND (s.country = 'ALL' OR pa.account_country = s.country)
    AND pa.promised_date >= s.period_from AND pa.promised_date <= s.as_of
),
counted AS (
  SELECT s.as_of, s.period_from, s.currency, s.country,
    COUNT(CASE WHEN d.status = 'kept' THEN 1 END) AS kept,
    COUNT(CASE WHEN d.status = 'broken' THEN 1 END) AS broken,
    COUNT(CASE WHEN d.status = 'pending' THEN 1 END) AS pending,
    COALESCE(SUM(CASE WHEN d.status = 'kept' THEN d.amount END), 0) AS kept_amount,
    COALESCE(SUM(CASE WHEN d.status = 'broken' THEN d.amount END), 0) AS broken_amount
  FROM kpi_scopes s
  LEFT JOIN due d
    ON d.as_of = s.as_of AND d.period_from = s.period_from AND d.currency = s.currency AND d.country = s.country
  GROUP BY s.as_of, s.period_from, s.currency, s.country
)
SELECT as_of, period_from, currency, country, kept, broken, pending,
  CAST(kept_amount AS BIGINT) AS kept_amount, CAST(broken_amount AS BIGINT) AS broken_amount,
  ROUND(CAST(kept AS DOUBLE) / NULLIF(CAST(kept + broken AS DOUBLE), 0) * 100, 2) AS kept_rate,
  ROUND(CAST(kept_amount AS DOUBLE) / NULLIF(CAST(kept_amount + broken_amount AS DOUBLE), 0) * 100, 2) AS kept_amount_rate
FROM counted
