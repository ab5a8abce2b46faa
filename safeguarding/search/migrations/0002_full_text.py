"""Full-text search over passages: PostgreSQL gets a stored tsvector column with a GIN index;
SQLite gets an FTS5 table kept in step by triggers. Other databases use the portable (slower,
unranked) fallback in search.services.

Django rebuilds a SQLite table to alter it, which drops its triggers: a later migration that
alters search_passage on SQLite must run ``install_sqlite`` again (see docs/search.md)."""

from django.db import migrations

POSTGRES = [
    "ALTER TABLE search_passage ADD COLUMN IF NOT EXISTS tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
    "CREATE INDEX IF NOT EXISTS search_passage_tsv ON search_passage USING gin (tsv)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_passage_tsv",
    "ALTER TABLE search_passage DROP COLUMN IF EXISTS tsv",
]
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_passage_fts USING fts5("
    "text, content='search_passage', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS search_passage_fts_insert AFTER INSERT ON search_passage "
    "BEGIN INSERT INTO search_passage_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_passage_fts_delete AFTER DELETE ON search_passage "
    "BEGIN INSERT INTO search_passage_fts(search_passage_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS search_passage_fts_update AFTER UPDATE OF text "
    "ON search_passage BEGIN "
    "INSERT INTO search_passage_fts(search_passage_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO search_passage_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO search_passage_fts(search_passage_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_passage_fts_insert",
    "DROP TRIGGER IF EXISTS search_passage_fts_delete",
    "DROP TRIGGER IF EXISTS search_passage_fts_update",
    "DROP TABLE IF EXISTS search_passage_fts",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def install_sqlite(schema_editor):
    _run(schema_editor, SQLITE)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES)
    elif vendor == "sqlite":
        install_sqlite(schema_editor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_REVERSE)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
