-- columns: as_of date, period_from date, currency varchar, country varchar, open_ar bigint, countback_dso double, exceeds_history boolean
-- Countback DSO: walk back calendar month by month from the as-of date, taking each month's sales off
-- open AR and adding its calendar days (the as-of month counts its days up to the as-of date); the
-- month whose sales cover what is left counts in part: days × remaining / that month's sales.
-- exceeds_history: open AR is more than every sale on record (the result is then a floor).
WITH months AS (
  SELECT DISTINCT s.as_of, s.period_from, s.currency, s.country, c.month_start, c.month_end, c.days_in_month
  FROM kpi_scopes s
  JOIN calendar c ON c.day <= s.as_of
),
month_sales AS (
  SELECT m.as_of, m.period_from, m.currency, m.country, m.month_start,
    CASE WHEN m.month_end > m.as_of THEN CAST(date_diff('day', m.month_start, m.as_of) + 1 AS INTEGER) ELSE m.days_in_month END AS days,
    COALESCE(SUM(i.amount), 0) AS sales
  FROM months m
  LEFT JOIN invoices i
    ON i.currency = m.currency AND (m.country = 'ALL' OR i.country = m.country)
    AND i.issue_date >= m.month_start AND i.issue_date <= m.month_end AND i.issue_date <= m.as_of
  GROUP BY m.as_of, m.period_from, m.currency, m.country, m.month_start, m.month_end, m.days_in_month
),
walk AS (
  SELECT ms.as_of, ms.period_from, ms.currency, ms.country, ms.days, ms.sales, su.open_ar,
    COALESCE(SUM(ms.sales) OVER (
      PARTITION BY ms.as_of, ms.period_from, ms.currency, ms.country ORDER BY ms.month_start DESC
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS later_sales,
    SUM(ms.sales) OVER (PARTITION BY ms.as_of, ms.period_from, ms.currency, ms.country) AS all_sales
  FROM month_sales ms
  JOIN kpi_summary su
    ON su.as_of = ms.as_of AND su.period_from = ms.period_from AND su.currency = ms.currency AND su.country = ms.country
)
SELECT as_of, period_from, currency, country, open_ar,
  ROUND(SUM(CASE
    WHEN later_sales >= open_ar THEN 0
    WHEN later_sales + sales <= open_ar THEN CAST(days AS DOUBLE)
    ELSE CAST(days AS DOUBLE) * CAST(open_ar - later_sales AS DOUBLE) / CAST(sales AS DOUBLE)
  END), 2) AS countback_dso,
  MAX(all_sales) < MAX(open_ar) AS exceeds_history
FROM walk
GROUP BY as_of, period_from, currency, country, open_ar
