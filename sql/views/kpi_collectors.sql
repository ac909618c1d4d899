-- columns: as_of date, period_from date, country varchar, collector varchar, tasks_done bigint, promises_recorded bigint
-- Per collector (a person): tasks completed in the period and promises to pay they recorded in it.
-- Promises that came by a channel or the self-service portal, or were recorded without a name (the
-- CLI without --by), are nobody's; nor are tasks the system closed (the debtor paid, the dates were fixed).
WITH scopes AS (
  SELECT DISTINCT as_of, period_from, country FROM kpi_scopes
),
done AS (
  SELECT s.as_of, s.period_from, s.country, t.completed_by AS collector, COUNT(*) AS tasks_done
  FROM scopes s
  JOIN tasks t ON t.completed_by IS NOT NULL AND t.completed_by <> 'system' AND t.completed_on >= s.period_from AND t.completed_on <= s.as_of
  JOIN accounts a ON a.account_id = t.account_id AND (s.country = 'ALL' OR a.country = s.country)
  GROUP BY s.as_of, s.period_from, s.country, t.completed_by
),
promised AS (
  SELECT s.as_of, s.period_from, s.country, p.recorded_by AS collector, COUNT(*) AS promises_recorded
  FROM scopes s
  JOIN promises p
    ON p.recorded_by IS NOT NULL AND p.recorded_by NOT IN ('portal', 'email', 'sms', 'whatsapp', 'cli', 'agent', 'unknown')
    AND p.recorded_on >= s.period_from AND p.recorded_on <= s.as_of
  JOIN accounts a ON a.account_id = p.account_id AND (s.country = 'ALL' OR a.country = s.country)
  GROUP BY s.as_of, s.period_from, s.country, p.recorded_by
),
people AS (
  SELECT as_of, period_from, country, collector FROM done
  UNION
  SELECT as_of, period_from, country, collector FROM promised
)
SELECT k.as_of, k.period_from, k.country, k.collector,
  COALESCE(d.tasks_done, 0) AS tasks_done, COALESCE(p.promises_recorded, 0) AS promises_recorded
FROM people k
LEFT JOIN done d ON d.as_of = k.as_of AND d.period_from = k.period_from AND d.country = k.country AND d.collector = k.collector
LEFT JOIN promised p ON p.as_of = k.as_of AND p.period_from = k.period_from AND p.country = k.country AND p.collector = k.collector
