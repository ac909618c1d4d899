-- columns: as_of date, period_from date, currency varchar, country varchar, channel varchar, sent bigint, delivered bigint, responses bigint, response_rate double, cost_micros bigint, cost_currency varchar
-- Collection messages by channel: sent, delivered, responses (reply, click or payment within 7 days),
-- response rate = responses / sent × 100, and their estimated cost (millionths of cost_currency; each
-- channel's costs are in one currency, the policy's).
SELECT as_of, period_from, currency, country, channel,
  COUNT(*) AS sent,
  CAST(SUM(delivered) AS BIGINT) AS delivered,
  CAST(SUM(responded) AS BIGINT) AS responses,
  ROUND(CAST(SUM(responded) AS DOUBLE) / CAST(COUNT(*) AS DOUBLE) * 100, 2) AS response_rate,
  CAST(COALESCE(SUM(cost_micros), 0) AS BIGINT) AS cost_micros,
  MIN(cost_currency) AS cost_currency
FROM kpi_message_responses
GROUP BY as_of, period_from, currency, country, channel
