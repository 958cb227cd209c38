-- Search that scales with the neighborhood, not the district.
--
-- topics_fts (0002) indexed every topic's tokens in one column, so a search
-- for a common word found every match in the district before the neighborhood
-- and status filters ran, and bm25() counted each query word's matches across
-- the whole table on every search.
--
-- topics_search holds only visible topics, with the neighborhood as a token of
-- its own column ("n" and the place id), so "hood : n3 AND words : (...)" is
-- the neighborhood's matches and nothing else, streamed newest first by rowid.
-- The column filter keeps a resident who types "n3" from matching a
-- neighborhood. Ranking happens in Go on a bounded set of the newest matches
-- (internal/board/search.go), so no rank function runs here.
--
-- The table is contentless: topics keeps the text, and search never reads
-- columns back. contentless_delete lets the triggers delete by rowid alone.

DROP TRIGGER topics_fts_insert;
DROP TRIGGER topics_fts_delete;
DROP TRIGGER topics_fts_update;
DROP TABLE topics_fts;

CREATE VIRTUAL TABLE topics_search USING fts5(hood, words, content='', contentless_delete=1, tokenize='unicode61');

INSERT INTO topics_search (rowid, hood, words)
    SELECT id, 'n' || neighborhood_id, search_text FROM topics WHERE status = 'visible';

CREATE TRIGGER topics_search_insert AFTER INSERT ON topics WHEN new.status = 'visible' BEGIN
    INSERT INTO topics_search (rowid, hood, words) VALUES (new.id, 'n' || new.neighborhood_id, new.search_text);
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
    INSERT INTO topics_search (rowid, hood, words)
        SELECT new.id, 'n' || new.neighborhood_id, new.search_text WHERE new.status = 'visible';
END;
