-- Open311 lists most often ask for one service (category) over a day or a
-- week: without this index the database read every case of the window and
-- dropped the other categories (ten times the rows for one of ten).
CREATE INDEX cases_district_category_created ON cases (district_id, category, created_at, id);
