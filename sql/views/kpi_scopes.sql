-- columns: as_of date, period_from date, prior_date date, days integer, currency varchar, country varchar
-- The report dates × every currency and country (and 'ALL') that has invoices: the rows every KPI has,
-- even when a figure is zero. days = D, the calendar days of the period.
SELECT DISTINCT p.as_of, p.period_from, p.prior_date,
  CAST(date_diff('day', p.period_from, p.as_of) + 1 AS INTEGER) AS days,
  p.currency, p.country
FROM kpi_invoice_positions p
