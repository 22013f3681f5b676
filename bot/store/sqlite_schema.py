"""SQLite's schema as migrations: each entry of `MIGRATIONS` moves a database from version i to
i + 1 (`PRAGMA user_version`); `SqliteStore` runs those a database lacks when it opens it,
with `PACK_FUNCTION` and `SPANS_FUNCTION` registered for the migrations that pack stored text.
PostgreSQL's schema (`bot.store.postgres`) follows it in its own types."""

from __future__ import annotations

from bot.store.records import CHANGES_KEPT

# The SQL function migration 11 packs the stored bodies with (`pack_text`), registered on every
# connection that migrates.
PACK_FUNCTION = "debate_bot_pack_text"
# The SQL function migration 13 packs the stored sentence spans with (`spans_from_json`).
SPANS_FUNCTION = "debate_bot_pack_spans"
# Each entry moves the schema from version i to i + 1 (PRAGMA user_version). Never edit one that
# has shipped; append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        scope TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        source_size INTEGER,
        source_mtime_ns INTEGER,
        content_hash TEXT NOT NULL,
        meta_json TEXT NOT NULL,
        body TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE passages (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        voice TEXT NOT NULL,
        speaker TEXT NOT NULL,
        sentences_json TEXT NOT NULL,
        terms TEXT NOT NULL
    );
    CREATE INDEX passages_by_document ON passages(doc_id, number);
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        passage_id TEXT NOT NULL,
        question TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        user_id TEXT NOT NULL,
        guild_id TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (passage_id, question, user_id)
    );
    CREATE TABLE channel_settings (
        channel_id TEXT PRIMARY KEY,
        guild_id TEXT,
        listen INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 2: answers shown in Discord, so buttons on old messages still work after a restart.
    """
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question TEXT NOT NULL,
        k INTEGER NOT NULL,
        doc_id TEXT,
        page_offset INTEGER NOT NULL DEFAULT 0,
        passage_ids_json TEXT NOT NULL DEFAULT '[]',
        guild_id TEXT,
        channel_id TEXT,
        user_id TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
    # 3: debates: a passage's side, section, point title and the point it answers (JSON, NULL
    # for articles).
    """
    ALTER TABLE passages ADD COLUMN debate_json TEXT;
    """,
    # 4: who changed a server's corpus, when, and how.
    """
    CREATE TABLE corpus_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scope TEXT NOT NULL,
        user_id TEXT,
        action TEXT NOT NULL,
        doc_id TEXT,
        detail TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX corpus_audit_by_scope ON corpus_audit(scope, id);
    CREATE INDEX documents_by_scope ON documents(scope);
    """,
    # 5: each passage's sentence tags, computed at ingest (NULL: computed on first use).
    """
    ALTER TABLE passages ADD COLUMN tags_json TEXT;
    """,
    # 6: the built search index, so a restart reads it instead of rebuilding it (seconds at 100k
    # passages). `corpus_state.generation` counts corpus changes; triggers bump it and drop the
    # stored index in the same transaction as any change to the documents, so a stored index is
    # never older than the passages. Passages are only ever written with their document row
    # (`save_documents`), which is what the document triggers see.
    """
    CREATE TABLE corpus_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL
    );
    INSERT INTO corpus_state (id, generation) VALUES (1, 0);
    CREATE TABLE index_snapshot (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL,
        format INTEGER NOT NULL,
        passages INTEGER NOT NULL,
        vocabulary TEXT NOT NULL,
        term_ids BLOB NOT NULL,
        lengths BLOB NOT NULL,
        document_frequency BLOB NOT NULL,
        positions BLOB NOT NULL,
        frequencies BLOB NOT NULL,
        built_at TEXT NOT NULL
    );
    CREATE TRIGGER corpus_changed_by_insert AFTER INSERT ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
    END;
    CREATE TRIGGER corpus_changed_by_delete AFTER DELETE ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
    END;
    CREATE TRIGGER corpus_changed_by_update AFTER UPDATE OF id, body ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
    END;
    CREATE TRIGGER corpus_changed_by_passage AFTER UPDATE OF id, doc_id, number, terms
    ON passages BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
    END;
    """,
    # 7: uploads keep what the user sent: a passage's cited paragraph (a long paragraph is split
    # into several passages), and each uploaded document's original bytes (zlib), their SHA-256
    # and the extractor that read them, so a reindex can extract them again. The row outlives a
    # rewrite of its document (no cascade); removing the document removes it.
    """
    ALTER TABLE passages ADD COLUMN paragraph INTEGER;
    CREATE TABLE uploads (
        doc_id TEXT PRIMARY KEY,
        filename TEXT NOT NULL,
        original BLOB NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        extractor TEXT NOT NULL,
        details_json TEXT NOT NULL DEFAULT '{}',
        stored_at TEXT NOT NULL
    );
    """,
    # 8: the slash commands as last registered with Discord (a hash of their JSON, per
    # application and guild or global), so a start registers them only when they changed.
    """
    CREATE TABLE command_sync (
        scope TEXT PRIMARY KEY,
        digest TEXT NOT NULL,
        synced_at TEXT NOT NULL
    );
    """,
    # 9: each server's documents live in its own id space, "g<server id>-...", whoever writes
    # (the bot, the CLI, a hand edit): the store names uploads so (`Store.save_upload`), and
    # these triggers refuse anything else. A document an older version let an upload place
    # outside it (an upload's own `ID: g<other server>-...`) moves into it, its passages, audit
    # entries and metadata with it. Uploads are found again by their file name, to update them.
    """
    PRAGMA defer_foreign_keys = ON;
    CREATE TEMP TABLE moved AS
        SELECT id AS old, 'g' || scope || '-' || id AS new FROM documents
        WHERE scope != '' AND substr(id, 1, length(scope) + 2) != 'g' || scope || '-';
    UPDATE passages
        SET id = (SELECT new FROM moved WHERE old = passages.doc_id)
                 || substr(id, length(doc_id) + 1),
            doc_id = (SELECT new FROM moved WHERE old = passages.doc_id)
        WHERE doc_id IN (SELECT old FROM moved);
    UPDATE documents
        SET id = (SELECT new FROM moved WHERE old = documents.id),
            meta_json = json_set(
                meta_json, '$.id', (SELECT new FROM moved WHERE old = documents.id)
            )
        WHERE id IN (SELECT old FROM moved);
    UPDATE corpus_audit SET doc_id = (SELECT new FROM moved WHERE old = corpus_audit.doc_id)
        WHERE scope != '' AND doc_id IN (SELECT old FROM moved);
    UPDATE uploads SET doc_id = (SELECT new FROM moved WHERE old = uploads.doc_id)
        WHERE doc_id IN (SELECT old FROM moved);
    DROP TABLE moved;
    CREATE TRIGGER documents_in_their_id_space BEFORE INSERT ON documents
    WHEN NEW.scope != '' AND substr(NEW.id, 1, length(NEW.scope) + 2) != 'g' || NEW.scope || '-'
    BEGIN
        SELECT RAISE(ABORT, 'document id outside its id space');
    END;
    CREATE TRIGGER documents_stay_in_their_id_space BEFORE UPDATE OF id, scope ON documents
    WHEN NEW.scope != '' AND substr(NEW.id, 1, length(NEW.scope) + 2) != 'g' || NEW.scope || '-'
    BEGIN
        SELECT RAISE(ABORT, 'document id outside its id space');
    END;
    CREATE INDEX documents_by_source ON documents(scope, source);
    """,
    # 10: each corpus change logged with the document and scope it changed, so a process that
    # holds some scopes (another writer changed the file, or it missed a PostgreSQL notice)
    # reads again only what changed. The last CHANGES_KEPT are kept; a process further behind
    # reloads whole.
    f"""
    CREATE TABLE IF NOT EXISTS corpus_changes (
        generation INTEGER PRIMARY KEY,
        scope TEXT NOT NULL,
        doc_id TEXT NOT NULL
    );
    DROP TRIGGER IF EXISTS corpus_changed_by_insert;
    CREATE TRIGGER corpus_changed_by_insert AFTER INSERT ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
        INSERT INTO corpus_changes (generation, scope, doc_id)
            SELECT generation, NEW.scope, NEW.id FROM corpus_state;
        DELETE FROM corpus_changes
            WHERE generation <= (SELECT generation FROM corpus_state) - {CHANGES_KEPT};
    END;
    DROP TRIGGER IF EXISTS corpus_changed_by_delete;
    CREATE TRIGGER corpus_changed_by_delete AFTER DELETE ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
        INSERT INTO corpus_changes (generation, scope, doc_id)
            SELECT generation, OLD.scope, OLD.id FROM corpus_state;
        DELETE FROM corpus_changes
            WHERE generation <= (SELECT generation FROM corpus_state) - {CHANGES_KEPT};
    END;
    DROP TRIGGER IF EXISTS corpus_changed_by_update;
    CREATE TRIGGER corpus_changed_by_update AFTER UPDATE OF id, body ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
        INSERT INTO corpus_changes (generation, scope, doc_id)
            SELECT generation, NEW.scope, NEW.id FROM corpus_state;
        DELETE FROM corpus_changes
            WHERE generation <= (SELECT generation FROM corpus_state) - {CHANGES_KEPT};
    END;
    DROP TRIGGER IF EXISTS corpus_changed_by_passage;
    CREATE TRIGGER corpus_changed_by_passage AFTER UPDATE OF id, doc_id, number, terms
    ON passages BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
        INSERT INTO corpus_changes (generation, scope, doc_id)
            SELECT generation, COALESCE((SELECT scope FROM documents WHERE id = NEW.doc_id), '')
           , NEW.doc_id FROM corpus_state;
        DELETE FROM corpus_changes
            WHERE generation <= (SELECT generation FROM corpus_state) - {CHANGES_KEPT};
    END;
    """,
    # 11: document bodies are stored compressed (`packed`: zlib, as `bot.engine.body.Body`
    # holds them; `body` is then ''), so a load copies bytes instead of compressing every body
    # (1 s of a 100k-passage start). The bodies stored before are packed here, by a function
    # the store registers (`PACK_FUNCTION`); that changes no document's text, so it is no
    # corpus change (the update trigger is dropped meanwhile) and a stored index stays valid.
    f"""
    ALTER TABLE documents ADD COLUMN packed BLOB;
    DROP TRIGGER IF EXISTS corpus_changed_by_update;
    UPDATE documents SET packed = {PACK_FUNCTION}(body), body = '' WHERE packed IS NULL;
    CREATE TRIGGER corpus_changed_by_update AFTER UPDATE OF id, body, packed ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        DELETE FROM index_snapshot;
        INSERT INTO corpus_changes (generation, scope, doc_id)
            SELECT generation, NEW.scope, NEW.id FROM corpus_state;
        DELETE FROM corpus_changes
            WHERE generation <= (SELECT generation FROM corpus_state) - {CHANGES_KEPT};
    END;
    """,
    # 12: a corpus change no longer deletes the stored index in its own transaction: SQLite
    # zeroes every page a delete frees (secure_delete), and the index's 100 MB at 100k passages
    # took 0.4 s of each upload's write. The index carries the corpus version it was built from
    # and a load ignores one of another version (`_stored_index`); the next `save_index`
    # overwrites it.
    f"""
    DROP TRIGGER IF EXISTS corpus_changed_by_insert;
    CREATE TRIGGER corpus_changed_by_insert AFTER INSERT ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        INSERT INTO corpus_changes (generation, scope, doc_id)
            SELECT generation, NEW.scope, NEW.id FROM corpus_state;
        DELETE FROM corpus_changes
            WHERE generation <= (SELECT generation FROM corpus_state) - {CHANGES_KEPT};
    END;
    DROP TRIGGER IF EXISTS corpus_changed_by_delete;
    CREATE TRIGGER corpus_changed_by_delete AFTER DELETE ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        INSERT INTO corpus_changes (generation, scope, doc_id)
            SELECT generation, OLD.scope, OLD.id FROM corpus_state;
        DELETE FROM corpus_changes
            WHERE generation <= (SELECT generation FROM corpus_state) - {CHANGES_KEPT};
    END;
    DROP TRIGGER IF EXISTS corpus_changed_by_update;
    CREATE TRIGGER corpus_changed_by_update AFTER UPDATE OF id, body, packed ON documents BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        INSERT INTO corpus_changes (generation, scope, doc_id)
            SELECT generation, NEW.scope, NEW.id FROM corpus_state;
        DELETE FROM corpus_changes
            WHERE generation <= (SELECT generation FROM corpus_state) - {CHANGES_KEPT};
    END;
    DROP TRIGGER IF EXISTS corpus_changed_by_passage;
    CREATE TRIGGER corpus_changed_by_passage AFTER UPDATE OF id, doc_id, number, terms
    ON passages BEGIN
        UPDATE corpus_state SET generation = generation + 1;
        INSERT INTO corpus_changes (generation, scope, doc_id)
            SELECT generation, COALESCE((SELECT scope FROM documents WHERE id = NEW.doc_id), '')
           , NEW.doc_id FROM corpus_state;
        DELETE FROM corpus_changes
            WHERE generation <= (SELECT generation FROM corpus_state) - {CHANGES_KEPT};
    END;
    """,
    # 13: a passage's sentence spans are stored packed (`sentences`: little-endian int32, start
    # and end of each, as `Passage` holds them; `sentences_json` is then ''), so a load copies
    # bytes instead of parsing JSON and packing it (a third of a 1M-passage start). The spans
    # stored before are packed here by a function the store registers (`SPANS_FUNCTION`). No
    # passage trigger watches these columns: no corpus change, a stored index stays valid.
    f"""
    ALTER TABLE passages ADD COLUMN sentences BLOB;
    UPDATE passages SET sentences = {SPANS_FUNCTION}(sentences_json), sentences_json = ''
        WHERE sentences IS NULL;
    """,
)
