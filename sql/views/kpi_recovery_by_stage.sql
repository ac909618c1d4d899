-- columns: as_of date, period_from date, currency varchar, country varchar, stage varchar, entries bigint, open_at_entry bigint, collected bigint, recovery_rate double
-- Recovery by escalation stage, over every time an account entered a stage up to the as-of date:
-- open_at_entry = what the account owed in this currency at the end of the day it entered;
-- collected = payments − reversals on its invoices after that day, up to and including the day it left
-- the stage (a payment usually moves the account on the same day: it is the stage it was paid in) or
-- the as-of date, on the invoices it owed on entering (one billed later is not the stage's to recover);
-- recovery rate = collected / open_at_entry × 100. Two changes on one day are ordered by their instant. entries (the stage funnel) counts the
-- entries of accounts that owed something in this currency then. Only escalation stages: `current`
-- (back to normal) and `closed` (settled) end a stage but are not stages to recover in.
WITH changes AS (
  SELECT account_id, to_stage AS stage, changed_on AS entered_on,
    LEAD(changed_on) OVER (PARTITION BY account_id ORDER BY changed_at, changed_on, to_stage) AS left_on
  FROM stage_changes
),
entries AS (
  SELECT account_id, stage, entered_on, left_on FROM changes WHERE stage NOT IN ('current', 'closed')
),
opening AS (
  SELECT s.as_of, s.period_from, s.currency, s.country, en.account_id, en.stage, en.entered_on, en.left_on,
    i.invoice_number, i.amount + COALESCE(SUM(e.amount), 0) AS open_amount
  FROM kpi_scopes s
  JOIN entries en ON en.entered_on <= s.as_of
  JOIN invoices i
    ON i.account_id = en.account_id AND i.currency = s.currency AND i.issue_date <= en.entered_on
    AND (s.country = 'ALL' OR i.country = s.country)
  LEFT JOIN invoice_events e
    ON e.account_id = i.account_id AND e.invoice_number = i.invoice_number AND e.event_date <= en.entered_on
  GROUP BY s.as_of, s.period_from, s.currency, s.country, en.account_id, en.stage, en.entered_on, en.left_on, i.invoice_number, i.amount
),
per_entry AS (
  SELECT as_of, period_from, currency, country, account_id, stage, entered_on, left_on, SUM(open_amount) AS open_at_entry
  FROM opening
  GROUP BY as_of, period_from, currency, country, account_id, stage, entered_on, left_on
  HAVING SUM(open_amount) > 0
),
collected AS (
  SELECT pe.as_of, pe.period_from, pe.currency, pe.country, pe.account_id, pe.stage, pe.entered_on,
    -SUM(e.amount) AS collected
  FROM per_entry pe
  JOIN invoice_events e
    ON e.account_id = pe.account_id AND e.currency = pe.currency AND e.kind IN ('payment', 'reversal')
    AND e.event_date > pe.entered_on AND e.event_date <= pe.as_of
    AND (pe.left_on IS NULL OR e.event_date <= pe.left_on)
  JOIN invoices i
    ON i.account_id = e.account_id AND i.invoice_number = e.invoice_number AND i.issue_date <= pe.entered_on
    AND (pe.country = 'ALL' OR i.country = pe.country)
  GROUP BY pe.as_of, pe.period_from, pe.currency, pe.country, pe.account_id, pe.stage, pe.entered_on
)
SELECT pe.as_of, pe.period_from, pe.currency, pe.country, pe.stage,
  COUNT(*) AS entries,
  CAST(SUM(pe.open_at_entry) AS BIGINT) AS open_at_entry,
  CAST(COALESCE(SUM(c.collected), 0) AS BIGINT) AS collected,
  ROUND(CAST(COALESCE(SUM(c.collected), 0) AS DOUBLE) / CAST(SUM(pe.open_at_entry) AS DOUBLE) * 100, 2) AS recovery_rate
FROM per_entry pe
LEFT JOIN collected c
  ON c.as_of = pe.as_of AND c.period_from = pe.period_from AND c.currency = pe.currency AND c.country = pe.country
  AND c.account_id = pe.account_id AND c.stage = pe.stage AND c.entered_on = pe.entered_on
GROUP BY pe.as_of, pe.period_from, pe.currency, pe.country, pe.stage
