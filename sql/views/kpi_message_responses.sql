-- columns: as_of date, period_from date, currency varchar, country varchar, message_id varchar, account_id varchar, message_country varchar, channel varchar, tone varchar, template varchar, cost_micros bigint, cost_currency varchar, delivered integer, responded integer
-- Each collection message (reminder, letter, installment reminder) sent in the period, whether it was
-- delivered, and whether the debtor responded within 7 days of sending it (the same day included): a
-- reply from the account, a click on this message, or a payment by the account. Joins, not correlated
-- subqueries: the engines do not decorrelate the same subqueries.
WITH sent AS (
  SELECT s.as_of, s.period_from, s.currency, s.country, m.message_id, m.account_id, m.country AS message_country,
    m.channel, COALESCE(m.tone, '') AS tone, COALESCE(m.template, '') AS template,
    m.cost_micros, m.cost_currency, m.sent_date,
    CAST(m.sent_date + INTERVAL '7' DAY AS DATE) AS window_end
  FROM kpi_scopes s
  JOIN messages m
    ON m.currency = s.currency AND (s.country = 'ALL' OR m.country = s.country)
    AND m.sent_date >= s.period_from AND m.sent_date <= s.as_of
  WHERE m.kind IN ('reminder', 'letter', 'installment')
),
delivered AS (
  SELECT DISTINCT message_id FROM message_events WHERE kind = 'delivered'
),
answers AS (
  SELECT account_id, message_id, kind, event_date FROM message_events WHERE kind IN ('reply', 'clicked')
  UNION ALL
  SELECT account_id, CAST(NULL AS VARCHAR) AS message_id, 'payment' AS kind, event_date FROM invoice_events WHERE kind = 'payment'
),
answered AS (
  SELECT DISTINCT x.as_of, x.period_from, x.currency, x.country, x.message_id
  FROM sent x
  JOIN answers a
    ON a.account_id = x.account_id AND a.event_date >= x.sent_date AND a.event_date <= x.window_end
    AND (a.kind <> 'clicked' OR a.message_id = x.message_id)
)
SELECT x.as_of, x.period_from, x.currency, x.country, x.message_id, x.account_id, x.message_country,
  x.channel, x.tone, x.template, x.cost_micros, x.cost_currency,
  CASE WHEN d.message_id IS NULL THEN 0 ELSE 1 END AS delivered,
  CASE WHEN r.message_id IS NULL THEN 0 ELSE 1 END AS responded
FROM sent x
LEFT JOIN delivered d ON d.message_id = x.message_id
LEFT JOIN answered r
  ON r.as_of = x.as_of AND r.period_from = x.period_from AND r.currency = x.currency AND r.country = x.country
  AND r.message_id = x.message_id
