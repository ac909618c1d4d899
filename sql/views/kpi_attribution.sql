-- columns: as_of date, period_from date, currency varchar, country varchar, payment_id varchar, account_id varchar, value_date date, amount bigint, channel varchar, template varchar, tone varchar, step_id varchar, policy_version integer
-- Each payment collected in the period (by account), credited to the last collection message sent to
-- that account on or before the payment's value date: its channel, template, tone, cadence step and
-- policy version. channel = 'none' when no collection message came before it.
WITH paid AS (
  SELECT s.as_of, s.period_from, s.currency, s.country, e.payment_id, e.account_id,
    MIN(e.event_date) AS value_date, -SUM(e.amount) AS amount
  FROM kpi_scopes s
  JOIN invoice_events e
    ON e.currency = s.currency AND e.kind = 'payment'
    AND e.event_date >= s.period_from AND e.event_date <= s.as_of
  JOIN invoices i
    ON i.account_id = e.account_id AND i.invoice_number = e.invoice_number
    AND (s.country = 'ALL' OR i.country = s.country)
  GROUP BY s.as_of, s.period_from, s.currency, s.country, e.payment_id, e.account_id
),
ranked AS (
  SELECT p.as_of, p.period_from, p.currency, p.country, p.payment_id, p.account_id, p.value_date, p.amount,
    m.channel, m.template, m.tone, m.step_id, m.policy_version,
    ROW_NUMBER() OVER (
      PARTITION BY p.as_of, p.period_from, p.currency, p.country, p.payment_id, p.account_id
      ORDER BY m.sent_at DESC, m.message_id DESC) AS recency
  FROM paid p
  LEFT JOIN messages m
    ON m.account_id = p.account_id AND m.kind IN ('reminder', 'letter', 'installment') AND m.sent_date <= p.value_date
)
SELECT as_of, period_from, currency, country, payment_id, account_id, value_date, CAST(amount AS BIGINT) AS amount,
  COALESCE(channel, 'none') AS channel, COALESCE(template, '') AS template, COALESCE(tone, '') AS tone,
  step_id, policy_version
FROM ranked
WHERE recency = 1
