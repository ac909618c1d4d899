-- columns: as_of date, period_from date, currency varchar, country varchar, channel varchar, tone varchar, template varchar, sent bigint, delivered bigint, responses bigint, response_rate double, cost_micros bigint, cost_currency varchar
-- The channel figures by the debtor's country, tone and template (country is the debtor's; there is no
-- ALL row here: filter or sum the rows).
SELECT as_of, period_from, currency, message_country AS country, channel, tone, template,
  COUNT(*) AS sent,
  CAST(SUM(delivered) AS BIGINT) AS delivered,
  CAST(SUM(responded) AS BIGINT) AS responses,
  ROUND(CAST(SUM(responded) AS DOUBLE) / CAST(COUNT(*) AS DOUBLE) * 100, 2) AS response_rate,
  CAST(COALESCE(SUM(cost_micros), 0) AS BIGINT) AS cost_micros,
  MIN(cost_currency) AS cost_currency
FROM kpi_message_responses
WHERE country = 'ALL'
GROUP BY as_of, period_from, currency, message_country, channel, tone, template
