"""Storage: all SQL, schema and migrations, for SQLite (the embedded default, `sqlite.py`) and
PostgreSQL (a server several bot processes share, `postgres.py`), behind one `Store`.

`await Store.connect(location)` opens either: a `postgresql://` URL, or an SQLite file's path.
What both do alike is `Store` in `base.py`, gathered from one module a concern (`access.py`,
`documents.py`, `loading.py`, `remembered.py`); the values they read and write are in
`records.py`, a load's rows made into documents in `assembly.py`.
"""

from bot.store.assembly import StoredTerms
from bot.store.base import Store, is_postgres_url
from bot.store.records import (
    CHANGES_KEPT,
    DEFAULT_BUSY_SECONDS,
    FATAL_FAULTS,
    ID_SLUG_CHARS,
    INDEX_FORMAT,
    AuditEntry,
    Change,
    CorpusChange,
    CorpusChanges,
    CorpusWrite,
    DatabaseCheck,
    Fault,
    LoadedCorpus,
    NewUpload,
    SavedUpload,
    ShownAnswer,
    StoredDocument,
    StoredSource,
    StoredUpload,
    StoreError,
    UploadLimits,
    check_id_space,
    fault_message,
    id_slug,
    server_id_candidates,
    server_id_prefix,
)
from bot.store.sqlite import SqliteStore, storage_error
from bot.store.sqlite_schema import MIGRATIONS

__all__ = [
    "CHANGES_KEPT",
    "DEFAULT_BUSY_SECONDS",
    "FATAL_FAULTS",
    "ID_SLUG_CHARS",
    "INDEX_FORMAT",
    "MIGRATIONS",
    "AuditEntry",
    "Change",
    "CorpusChange",
    "CorpusChanges",
    "CorpusWrite",
    "DatabaseCheck",
    "Fault",
    "LoadedCorpus",
    "NewUpload",
    "SavedUpload",
    "ShownAnswer",
    "SqliteStore",
    "Store",
    "StoreError",
    "StoredDocument",
    "StoredSource",
    "StoredTerms",
    "StoredUpload",
    "UploadLimits",
    "check_id_space",
    "fault_message",
    "id_slug",
    "is_postgres_url",
    "server_id_candidates",
    "server_id_prefix",
    "storage_error",
]
