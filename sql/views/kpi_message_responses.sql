-- columns: as_of date, period_from date, currency varchar, country varchar, message_id varchar, account_id varchar, message_country varchar, channel varchar, tone varchar, template varchar, cost_micros bigint, cost_currency varchar, delivered integer, responded integer
-- Each collection message (reminder, letter, installment reminder) sent in the period, whether it was
-- delivered, and whether the debtor responded within 7 days of sending it (the same day included): a
-- reply from the account, a click on this message, or a payment by the account.
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
)
SELECT x.as_of, x.period_from, x.currency, x.country, x.message_id, x.account_id, x.message_country,
  x.channel, x.tone, x.template, x.cost_micros, x.cost_currency,
  CASE WHEN EXISTS (
    SELECT 1 FROM message_events d WHERE d.message_id = x.message_id AND d.kind = 'delivered'
  ) THEN 1 ELSE 0 END AS delivered,
  CASE WHEN EXISTS (
    SELECT 1 FROM message_events r
    WHERE r.account_id = x.account_id AND r.event_date >= x.sent_date AND r.event_date <= x.window_end
      AND (r.kind = 'reply' OR (r.kind = 'clicked' AND r.message_id = x.message_id))
  ) OR EXISTS (
    SELECT 1 FROM invoice_events e
    WHERE e.account_id = x.account_id AND e.kind = 'payment' AND e.event_date >= x.sent_date AND e.event_date <= x.window_end
  ) THEN 1 ELSE 0 END AS responded
FROM sent x
