-- columns: as_of date, period_from date, currency varchar, country varchar, days integer, sales bigint, payments bigint, reversals bigint, collected bigint, credits bigint
-- What moved in the period [period_from, as_of]: sales = amounts of invoices issued in it; payments =
-- amounts applied to invoices with a value date in it; reversals = refunds and chargebacks put back in
-- it; collected = payments − reversals. Cancellations and adjustments are not collections: credits =
-- their (signed) sum in the period, so CEI can take sales net of them.
WITH sales AS (
  SELECT s.as_of, s.period_from, s.currency, s.country, SUM(i.amount) AS sales
  FROM kpi_scopes s
  JOIN invoices i
    ON i.currency = s.currency AND (s.country = 'ALL' OR i.country = s.country)
    AND i.issue_date >= s.period_from AND i.issue_date <= s.as_of
  GROUP BY s.as_of, s.period_from, s.currency, s.country
),
cash AS (
  SELECT s.as_of, s.period_from, s.currency, s.country,
    SUM(CASE WHEN e.kind = 'payment' THEN -e.amount ELSE 0 END) AS payments,
    SUM(CASE WHEN e.kind = 'reversal' THEN e.amount ELSE 0 END) AS reversals,
    SUM(CASE WHEN e.kind IN ('adjustment', 'cancellation') THEN e.amount ELSE 0 END) AS credits
  FROM kpi_scopes s
  JOIN invoice_events e
    ON e.currency = s.currency
    AND e.event_date >= s.period_from AND e.event_date <= s.as_of
  JOIN invoices i
    ON i.account_id = e.account_id AND i.invoice_number = e.invoice_number
    AND (s.country = 'ALL' OR i.country = s.country)
  GROUP BY s.as_of, s.period_from, s.currency, s.country
)
SELECT s.as_of, s.period_from, s.currency, s.country, s.days,
  CAST(COALESCE(sa.sales, 0) AS BIGINT) AS sales,
  CAST(COALESCE(c.payments, 0) AS BIGINT) AS payments,
  CAST(COALESCE(c.reversals, 0) AS BIGINT) AS reversals,
  CAST(COALESCE(c.payments, 0) - COALESCE(c.reversals, 0) AS BIGINT) AS collected,
  CAST(COALESCE(c.credits, 0) AS BIGINT) AS credits
FROM kpi_scopes s
LEFT JOIN sales sa
  ON sa.as_of = s.as_of AND sa.period_from = s.period_from AND sa.currency = s.currency AND sa.country = s.country
LEFT JOIN cash c
  ON c.as_of = s.as_of AND c.period_from = s.period_from AND c.currency = s.currency AND c.country = s.country
