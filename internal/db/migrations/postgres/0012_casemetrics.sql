-- Case metrics (issue 4's dashboards). How long the first response and the
-- resolution took, in the district's working time, is stored when the move
-- happens (acknowledge; resolve, cleared by reopen), so the metrics pages sort
-- one column per scope instead of walking the calendar for every case.
-- Cases older than this migration keep NULL and are left out of the times.
ALTER TABLE cases ADD COLUMN respond_work_ms BIGINT;
ALTER TABLE cases ADD COLUMN resolve_work_ms BIGINT;
-- A street's cases by when they were opened (the neighborhood's and the
-- district's are cases_hood_created and cases_district_created).
CREATE INDEX cases_street_created ON cases (street_id, created_at);

-- Case text screened by the sensitive-word list, as topics are: a report,
-- note or reply that matches is kept and handled, but its text is held from
-- the neighborhood's view until a cadre releases it; held_word is the word
-- that matched ('' = not held), shown to the author and the staff.
ALTER TABLE cases ADD COLUMN held_word TEXT NOT NULL DEFAULT '';
ALTER TABLE case_events ADD COLUMN held_word TEXT NOT NULL DEFAULT '';
