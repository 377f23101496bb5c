"""One connection to the archive, SQLite or PostgreSQL, behind the same small interface.

Plain SQL through the DB-API (the standard library's sqlite3, psycopg 3) rather than SQLAlchemy:
the two parts that differ between the databases (FTS5 against tsvector, and the pragmas) are
ones an ORM or SQLAlchemy Core would not hide anyway, the default SQLite path then needs no
third-party package, and the hot path of ingest (a dozen small statements per article) stays
free of a layer that costs more than the statements themselves. Statements are written once
with ``?`` placeholders; ``Store`` rewrites them to psycopg's ``%s``.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qawl.errors import QawlError
from qawl.store import schema


class StoreError(QawlError):
    """The archive cannot be opened, migrated or written. The message says what to do."""

    exit_code = 9


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def default_db_path() -> Path:
    """``$QAWL_DB`` if set, else ``archive.sqlite`` in the user's data directory
    (``$XDG_DATA_HOME/qawl`` or ``~/.local/share/qawl`` on Linux)."""
    env = os.environ.get("QAWL_DB")
    if env:
        return Path(env).expanduser()
    try:
        from platformdirs import user_data_dir

        base = Path(user_data_dir("qawl", appauthor=False))
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "qawl"
    return base / "archive.sqlite"


def resolve_url(db: str | os.PathLike[str] | None = None) -> str:
    """The database URL for ``--db``: a postgresql:// URL, a sqlite:/// URL or a file path.
    ``None`` means ``$QAWL_DB`` or the default file in the user's data directory."""
    if db is None:
        env = os.environ.get("QAWL_DB")
        db = env if env else str(default_db_path())
    db = os.fspath(db)
    if db.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return db.replace("postgresql+psycopg://", "postgresql://", 1)
    if db.startswith("sqlite://"):
        return db
    if db == ":memory:":
        return "sqlite://:memory:"
    return "sqlite:///" + str(Path(db).expanduser().absolute())


_PLACEHOLDER = re.compile(r"\?")


def _sqlite_path(url: str) -> str:
    """``sqlite:////abs/path`` -> ``/abs/path``, ``sqlite:///rel`` -> ``rel``, ``sqlite://:memory:``."""
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///") :]
    return url[len("sqlite://") :] or ":memory:"


class Store:
    """An open archive. Create with :func:`qawl.store.open_store`; close with :meth:`close`
    (or use it as a context manager). Not shared between threads: open one per thread."""

    def __init__(self, conn: Any, dialect: str, url: str):
        self.conn = conn
        self.dialect = dialect
        self.url = url
        self._in_tx = False
        self._sql_cache: dict[str, str] = {}

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Store:
        url = resolve_url(db)
        store = cls._open_postgres(url) if url.startswith("postgresql://") else cls._open_sqlite(url)
        if migrate:
            store.migrate()
        return store

    @classmethod
    def _open_sqlite(cls, url: str) -> Store:
        path = _sqlite_path(url)
        if path != ":memory:":
            p = Path(path)
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"cannot create the folder for the archive {p}: {e}; pass --db PATH") from e
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a commit survives the process being killed (kill -9); only a
            # power cut can lose the last transactions, never corrupt the file
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA cache_size=-65536")
            conn.execute("PRAGMA temp_store=MEMORY")
        except sqlite3.Error as e:
            raise StoreError(f"cannot open the SQLite archive {path}: {e}") from e
        return cls(conn, "sqlite", url)

    @classmethod
    def _open_postgres(cls, url: str) -> Store:
        try:
            import psycopg
        except ImportError as e:  # pragma: no cover
            raise StoreError("PostgreSQL needs psycopg: pip install 'psycopg[binary]'") from e
        try:
            conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as e:
            safe = re.sub(r"//([^:@/]+):[^@/]*@", r"//\1:***@", url)
            raise StoreError(f"cannot connect to PostgreSQL at {safe}: {e}".strip()) from e
        return cls(conn, "postgresql", url)

    def close(self) -> None:
        try:
            if self.dialect == "sqlite":
                # fold the WAL back so the file is self-contained when the user copies it
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception:  # noqa: BLE001 - closing must not fail
            pass
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- statements ----------------------------------------------------------------------

    def sql(self, statement: str) -> str:
        if self.dialect == "sqlite":
            return statement
        out = self._sql_cache.get(statement)
        if out is None:
            out = _PLACEHOLDER.sub("%s", statement.replace("%", "%%"))
            self._sql_cache[statement] = out
        return out

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(self.sql(statement), params)

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.dialect == "sqlite":
            self.conn.executemany(statement, rows)
        else:
            with self.conn.cursor() as cur:
                cur.executemany(self.sql(statement), rows)

    def all(self, statement: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(self.execute(statement, params).fetchall())

    def one(self, statement: str, params: Sequence[Any] = ()) -> tuple | None:
        return self.execute(statement, params).fetchone()

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(statement, params)
        return None if row is None else row[0]

    def insert(self, statement: str, params: Sequence[Any]) -> int:
        """Run an INSERT ... RETURNING id and give the id."""
        return int(self.execute(statement + " RETURNING id", params).fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All or nothing: commit at the end of the block, roll back on any exception (and a
        killed process leaves the database as before the block). Nested blocks join the outer."""
        if self._in_tx:
            yield self
            return
        self._in_tx = True
        try:
            if self.dialect == "sqlite":
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise
                self.conn.execute("COMMIT")
            else:
                with self.conn.transaction():
                    # one writer at a time: entity resolution reads then writes the global tables
                    self.conn.execute("SELECT pg_advisory_xact_lock(7142195)")
                    yield self
        finally:
            self._in_tx = False

    # -- schema --------------------------------------------------------------------------

    def schema_version(self) -> int:
        self.execute(schema.SCHEMA_VERSION_DDL)
        v = self.scalar("SELECT MAX(version) FROM schema_version")
        return int(v or 0)

    def migrate(self) -> int:
        """Bring the schema to the latest version; each migration in its own transaction."""
        try:
            current = self.schema_version()
            if current > schema.LATEST:
                raise StoreError(
                    f"the archive {self.url} has schema version {current}, newer than this qawl "
                    f"understands ({schema.LATEST}); upgrade qawl"
                )
            for m in schema.MIGRATIONS:
                if m.version <= current:
                    continue
                with self.transaction():
                    # another process may have migrated while we waited for the lock
                    if self.scalar("SELECT 1 FROM schema_version WHERE version = ?", (m.version,)):
                        continue
                    for statement in schema.split_statements(m.script(self.dialect)):
                        self.conn.execute(statement)
                    self.execute(
                        "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                        (m.version, m.name, now_iso()),
                    )
            return schema.LATEST
        except StoreError:
            raise
        except Exception as e:  # sqlite3.Error, psycopg.Error
            raise StoreError(f"cannot prepare the archive {self.url}: {e}") from e

    def size_bytes(self) -> int:
        """Size of the database on disk (the SQLite file with its WAL, or the PG database)."""
        if self.dialect == "sqlite":
            path = _sqlite_path(self.url)
            if path == ":memory:":
                return 0
            return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
        return int(self.scalar("SELECT pg_database_size(current_database())") or 0)
