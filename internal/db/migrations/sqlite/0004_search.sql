-- Search that scales with the neighborhood, not the district.
--
-- topics_fts (0002) indexed every topic's tokens as they are, so a search for
-- a common word found every match in the district before the neighborhood and
-- status filters ran, and bm25() counted each query word's matches across the
-- whole table on every search.
--
-- topics_search holds only visible topics, and every token carries its
-- topic's neighborhood: in neighborhood 3, "停车 车位" is indexed as
-- "n3x停车 n3x车位". A search in neighborhood 3 for 停车 looks up the one term
-- "n3x停车", whose doclist is that neighborhood's matches and nothing else,
-- streamed newest first by rowid. The neighborhood id is digits closed by the
-- letter x, so no neighborhood's prefix is the start of another's ("n3x1..."
-- is not "n31x..."), and a resident's query gets the prefix of the
-- neighborhoods being searched, whatever it contains. Ranking happens in Go
-- on a bounded set of the newest matches (internal/board/search.go), so no
-- rank function runs here.
--
-- search_text is IndexText's output, tokens joined by single spaces, so
-- replace() prefixes each one. The table is contentless: topics keeps the
-- text, and search never reads columns back; contentless_delete lets the
-- triggers delete by rowid alone.

DROP TRIGGER topics_fts_insert;
DROP TRIGGER topics_fts_delete;
DROP TRIGGER topics_fts_update;
DROP TABLE topics_fts;

CREATE VIRTUAL TABLE topics_search USING fts5(words, content='', contentless_delete=1, tokenize='unicode61');

INSERT INTO topics_search (rowid, words)
    SELECT id, 'n' || neighborhood_id || 'x' || replace(search_text, ' ', ' n' || neighborhood_id || 'x')
    FROM topics WHERE status = 'visible';

CREATE TRIGGER topics_search_insert AFTER INSERT ON topics WHEN new.status = 'visible' BEGIN
    INSERT INTO topics_search (rowid, words)
        VALUES (new.id, 'n' || new.neighborhood_id || 'x' || replace(new.search_text, ' ', ' n' || new.neighborhood_id || 'x'));
END;
CREATE TRIGGER topics_search_delete AFTER DELETE ON topics BEGIN
    DELETE FROM topics_search WHERE rowid = old.id;
END;
-- An edit, a moderation decision or a move re-indexes the topic, or takes it
-- out of the index when it is no longer visible.
CREATE TRIGGER topics_search_update AFTER UPDATE OF status, neighborhood_id, search_text ON topics
    WHEN old.status IS NOT new.status OR old.neighborhood_id IS NOT new.neighborhood_id OR old.search_text IS NOT new.search_text
BEGIN
    DELETE FROM topics_search WHERE rowid = old.id;
    INSERT INTO topics_search (rowid, words)
        SELECT new.id, 'n' || new.neighborhood_id || 'x' || replace(new.search_text, ' ', ' n' || new.neighborhood_id || 'x')
        WHERE new.status = 'visible';
END;
