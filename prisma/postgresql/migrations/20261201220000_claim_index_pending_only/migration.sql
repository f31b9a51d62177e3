-- Nothing changes on PostgreSQL: on SQLite this migration makes the claim index hold only pending
-- rows, measured there only. The name is shared so that a backup restores across the two engines
-- (a backup records the last migration it was made with, and a restore needs to know it).
SELECT 1;
