-- columns: as_of date, period_from date, currency varchar, country varchar, message_cost bigint, fixed_cost bigint, recovery_cost bigint, collected bigint, cost_per_recovered double, unconverted_messages bigint
-- Cost per unit recovered = (message costs + fixed cost) / collected, all in the report currency.
-- Message costs: every message sent in the period to debtors of this currency (receipts too), turned
-- into the currency with reports.exchangeRates; when a cost has no rate, recovery_cost is NULL and
-- unconverted_messages says how many. Fixed cost: reports.fixedMonthlyCost spread over the days of
-- each month; only the ALL-countries rows carry it (it is not split by country).
WITH msg AS (
  SELECT s.as_of, s.period_from, s.currency, s.country,
    SUM(CASE
      WHEN m.cost_micros IS NULL OR m.cost_micros = 0 THEN 0
      WHEN m.cost_currency = s.currency THEN CAST(m.cost_micros AS DOUBLE) / 1000000
      ELSE CAST(m.cost_micros AS DOUBLE) / 1000000 * r.rate
    END) AS cost_major,
    COUNT(CASE WHEN m.cost_micros > 0 AND m.cost_currency <> s.currency AND r.rate IS NULL THEN 1 END) AS unconverted
  FROM kpi_scopes s
  LEFT JOIN messages m
    ON m.currency = s.currency AND (s.country = 'ALL' OR m.country = s.country)
    AND m.sent_date >= s.period_from AND m.sent_date <= s.as_of
  LEFT JOIN exchange_rates r ON r.from_currency = m.cost_currency AND r.to_currency = s.currency
  GROUP BY s.as_of, s.period_from, s.currency, s.country
),
fixed AS (
  SELECT s.as_of, s.period_from, s.currency, s.country,
    SUM(CAST(f.monthly_amount AS DOUBLE) / c.days_in_month) AS fixed_minor
  FROM kpi_scopes s
  JOIN calendar c ON c.day >= s.period_from AND c.day <= s.as_of
  JOIN fixed_costs f ON f.currency = s.currency
  WHERE s.country = 'ALL'
  GROUP BY s.as_of, s.period_from, s.currency, s.country
),
costed AS (
  SELECT f.as_of, f.period_from, f.currency, f.country, f.collected, m.unconverted,
    CAST(ROUND(COALESCE(m.cost_major, 0) * power(10, COALESCE(cu.minor_digits, 2))) AS BIGINT) AS message_cost,
    CAST(ROUND(COALESCE(x.fixed_minor, 0)) AS BIGINT) AS fixed_cost
  FROM kpi_period_flows f
  JOIN msg m ON m.as_of = f.as_of AND m.period_from = f.period_from AND m.currency = f.currency AND m.country = f.country
  LEFT JOIN fixed x ON x.as_of = f.as_of AND x.period_from = f.period_from AND x.currency = f.currency AND x.country = f.country
  LEFT JOIN currencies cu ON cu.currency = f.currency
)
SELECT as_of, period_from, currency, country, message_cost, fixed_cost,
  CASE WHEN unconverted > 0 THEN NULL ELSE message_cost + fixed_cost END AS recovery_cost,
  collected,
  CASE WHEN unconverted > 0 THEN NULL
    ELSE ROUND(CAST(message_cost + fixed_cost AS DOUBLE) / (CASE WHEN collected > 0 THEN CAST(collected AS DOUBLE) END), 2) END AS cost_per_recovered,
  unconverted AS unconverted_messages
FROM costed
