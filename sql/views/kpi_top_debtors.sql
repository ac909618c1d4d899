-- columns: as_of date, period_from date, currency varchar, country varchar, debtor_rank bigint, account_id varchar, name varchar, account_country varchar, overdue bigint, open bigint, overdue_previous bigint
-- The 10 accounts owing the most past due at the as-of date, with their open balance and what they
-- owed past due at the end of the previous period (the trend).
WITH debt AS (
  SELECT as_of, period_from, currency, country, account_id,
    SUM(CASE WHEN dpd > 0 THEN balance ELSE 0 END) AS overdue,
    SUM(balance) AS open_balance,
    SUM(CASE WHEN prior_dpd > 0 THEN prior_balance ELSE 0 END) AS overdue_previous
  FROM kpi_invoice_positions
  GROUP BY as_of, period_from, currency, country, account_id
),
ranked AS (
  SELECT d.as_of, d.period_from, d.currency, d.country, d.account_id, a.name, a.country AS account_country,
    d.overdue, d.open_balance, d.overdue_previous,
    ROW_NUMBER() OVER (PARTITION BY d.as_of, d.period_from, d.currency, d.country ORDER BY d.overdue DESC, d.account_id) AS debtor_rank
  FROM debt d
  JOIN accounts a ON a.account_id = d.account_id
  WHERE d.overdue > 0
)
SELECT as_of, period_from, currency, country, debtor_rank, account_id, name, account_country,
  CAST(overdue AS BIGINT) AS overdue, CAST(open_balance AS BIGINT) AS open, CAST(overdue_previous AS BIGINT) AS overdue_previous
FROM ranked
WHERE debtor_rank <= 10
