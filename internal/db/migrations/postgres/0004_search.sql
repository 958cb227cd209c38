-- Search that scales with the neighborhood, not the district.
--
-- topics_search (0002) indexed to_tsvector(search_text) for every topic, so
-- the index found every match in the district, each was fetched from the heap
-- before the neighborhood and status filters ran, and ts_rank parsed each
-- one's text again with to_tsvector.
--
-- The new index holds only visible topics, and each one's vector carries its
-- neighborhood as the lexeme '@' and the place id. The parser never makes a
-- lexeme with '@' out of search_text (its tokens are letters and digits), so
-- nothing a resident writes or types can match a neighborhood. A query ANDs
-- "'@3'" (or "'@3' | '@12'" for a street) with the words, and GIN intersects
-- the posting lists before any row is read. Ranking happens in Go on a bounded
-- set of the newest matches (internal/board/search.go). The expression must
-- appear in queries exactly as written here.
--
-- An expression index rather than a stored tsvector column: ranking happens
-- in Go, so queries never read the vector back, and GIN answers a plain AND/OR
-- tsquery without rechecking rows; a stored column would rewrite the table and
-- keep a second copy of every topic's tokens.

DROP INDEX topics_search;
CREATE INDEX topics_search_hood ON topics
    USING GIN ((array_to_tsvector(ARRAY['@' || neighborhood_id::text]) || to_tsvector('simple', search_text)))
    WHERE status = 'visible';
