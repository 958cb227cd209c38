-- Case metrics (issue 4's dashboards). How long the first response and the
-- resolution took, in the district's working time, is stored when the move
-- happens (acknowledge; resolve, cleared by reopen), so the metrics pages sort
-- one column per scope instead of walking the calendar for every case.
-- Cases older than this migration keep NULL and are left out of the times.
ALTER TABLE cases ADD COLUMN respond_work_ms BIGINT;
ALTER TABLE cases ADD COLUMN resolve_work_ms BIGINT;
-- A neighborhood's and a street's cases by when they were opened, carrying
-- every column the metrics add up, so a period's figures are read from the
-- index alone (no lookup of the case row per case). The neighborhood's
-- replaces cases_hood_created (same leading columns, which the patrol
-- lists use); the district's figures read cases_district_created.
DROP INDEX cases_hood_created;
CREATE INDEX cases_hood_metrics ON cases (neighborhood_id, created_at, state, level, rating, reopens, acknowledged_at, respond_by,
    resolved_at, resolve_by, respond_work_ms, resolve_work_ms, lead_unit_id);
-- The workbench's "all" queue: a neighborhood's cases newest first. Without
-- it the list read every case of the neighborhood and sorted them (0.6 s at
-- 100,000 cases).
CREATE INDEX cases_hood_id ON cases (neighborhood_id, id);
CREATE INDEX cases_street_metrics ON cases (street_id, created_at, neighborhood_id, state, level, rating, reopens, acknowledged_at,
    respond_by, resolved_at, resolve_by, respond_work_ms, resolve_work_ms, lead_unit_id);
-- Percentiles without a sort: each working time sorted per scope, with the
-- opening time beside it, so "the k-th shortest of this period" walks the
-- index to k and stops. Written once per case (acknowledge, resolve).
CREATE INDEX cases_hood_respond_work ON cases (neighborhood_id, respond_work_ms, created_at) WHERE respond_work_ms IS NOT NULL;
CREATE INDEX cases_hood_resolve_work ON cases (neighborhood_id, resolve_work_ms, created_at) WHERE resolve_work_ms IS NOT NULL;
CREATE INDEX cases_street_respond_work ON cases (street_id, respond_work_ms, created_at) WHERE respond_work_ms IS NOT NULL;
CREATE INDEX cases_street_resolve_work ON cases (street_id, resolve_work_ms, created_at) WHERE resolve_work_ms IS NOT NULL;
CREATE INDEX cases_district_respond_work ON cases (district_id, respond_work_ms, created_at) WHERE respond_work_ms IS NOT NULL;
CREATE INDEX cases_district_resolve_work ON cases (district_id, resolve_work_ms, created_at) WHERE resolve_work_ms IS NOT NULL;
CREATE INDEX cases_unit_resolve_work ON cases (lead_unit_id, resolve_work_ms, created_at, neighborhood_id, street_id, district_id)
    WHERE resolve_work_ms IS NOT NULL;

-- Case text screened by the sensitive-word list, as topics are: a report,
-- note or reply that matches is kept and handled, but its text is held from
-- the neighborhood's view until a cadre releases it; held_word is the word
-- that matched ('' = not held), shown to the author and the staff.
ALTER TABLE cases ADD COLUMN held_word TEXT NOT NULL DEFAULT '';
ALTER TABLE case_events ADD COLUMN held_word TEXT NOT NULL DEFAULT '';
