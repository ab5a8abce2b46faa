"""A database of its own for tests that run the app in other processes (a server, a worker).

Those processes cannot see pytest's test database (its data sits in an open transaction), so
they get a fresh one: a SQLite file in `tmp`, or, when DATABASE_URL points at PostgreSQL, a
new database named `<name>_<purpose>` beside it.
"""

import os


def fresh_database_url(tmp, purpose):
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{tmp}/{purpose}.sqlite3"
    import psycopg

    prefix, _, name = base.rpartition("/")
    database = f"{name or 'safeguarding'}_{purpose}"
    with psycopg.connect(f"{prefix}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')
    return f"{prefix}/{database}"
