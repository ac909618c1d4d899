-- columns: as_of date, period_from date, currency varchar, country varchar, days integer, open_ar bigint, current_ar bigint, overdue_ar bigint, beginning_ar bigint, sales bigint, collected bigint, dso double, best_possible_dso double, average_days_delinquent double, cei double, percent_current double, weighted_days_past_due double
-- The headline KPIs (D = days of the period, current = not yet due or due that day):
--   DSO = open AR / sales × D; best possible DSO = current AR / sales × D; average days delinquent =
--   DSO − best possible DSO; CEI = (beginning AR + net sales − ending AR) / (beginning AR + net sales −
--   ending current AR) × 100, net sales = sales + the period's credits (cancellations and adjustments,
--   negative), so the numerator is what was collected and cancelling an invoice does not raise it; percent current = current AR / open AR × 100; weighted days past due =
--   Σ(open × dpd) / Σ open over invoices past due. NULL where the denominator is zero.
WITH ar AS (
  SELECT as_of, period_from, currency, country,
    SUM(balance) AS open_ar,
    SUM(CASE WHEN dpd <= 0 THEN balance ELSE 0 END) AS current_ar,
    SUM(CASE WHEN dpd > 0 THEN balance ELSE 0 END) AS overdue_ar,
    SUM(prior_balance) AS beginning_ar,
    SUM(CASE WHEN dpd > 0 THEN CAST(balance AS DOUBLE) * dpd ELSE 0 END) AS overdue_days_weight
  FROM kpi_invoice_positions
  GROUP BY as_of, period_from, currency, country
),
joined AS (
  SELECT f.as_of, f.period_from, f.currency, f.country, f.days,
    CAST(ar.open_ar AS BIGINT) AS open_ar, CAST(ar.current_ar AS BIGINT) AS current_ar,
    CAST(ar.overdue_ar AS BIGINT) AS overdue_ar, CAST(ar.beginning_ar AS BIGINT) AS beginning_ar,
    f.sales, f.collected, f.credits, ar.overdue_days_weight,
    CAST(ar.open_ar AS DOUBLE) / NULLIF(CAST(f.sales AS DOUBLE), 0) * f.days AS dso_raw,
    CAST(ar.current_ar AS DOUBLE) / NULLIF(CAST(f.sales AS DOUBLE), 0) * f.days AS best_raw
  FROM kpi_period_flows f
  JOIN ar ON ar.as_of = f.as_of AND ar.period_from = f.period_from AND ar.currency = f.currency AND ar.country = f.country
)
SELECT as_of, period_from, currency, country, days, open_ar, current_ar, overdue_ar, beginning_ar, sales, collected,
  ROUND(dso_raw, 2) AS dso,
  ROUND(best_raw, 2) AS best_possible_dso,
  ROUND(dso_raw - best_raw, 2) AS average_days_delinquent,
  ROUND(CAST(beginning_ar + sales + credits - open_ar AS DOUBLE) / NULLIF(CAST(beginning_ar + sales + credits - current_ar AS DOUBLE), 0) * 100, 2) AS cei,
  ROUND(CAST(current_ar AS DOUBLE) / NULLIF(CAST(open_ar AS DOUBLE), 0) * 100, 2) AS percent_current,
  ROUND(overdue_days_weight / NULLIF(CAST(overdue_ar AS DOUBLE), 0), 2) AS weighted_days_past_due
FROM joined
