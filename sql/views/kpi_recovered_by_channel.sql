-- columns: as_of date, period_from date, currency varchar, country varchar, channel varchar, tone varchar, template varchar, payments bigint, recovered bigint
-- What was collected in the period, by the channel, tone and template of the last message before each
-- payment (kpi_attribution).
SELECT as_of, period_from, currency, country, channel, tone, template,
  COUNT(*) AS payments, CAST(SUM(amount) AS BIGINT) AS recovered
FROM kpi_attribution
GROUP BY as_of, period_from, currency, country, channel, tone, template
