"""Every store test runs against real SQLite and real PostgreSQL.

PostgreSQL comes from QAWL_TEST_PG_URL (scripts/ci_services.sh starts a throwaway cluster and
prints it). Outside CI a missing URL skips the PostgreSQL half with the reason; in CI (CI=true)
it fails, so a broken PostgreSQL set-up cannot pass unnoticed. Each test gets its own schema.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest

from qawl.store import open_store

BACKENDS = ["sqlite", "postgresql"]


def pg_base_url() -> str:
    url = os.environ.get("QAWL_TEST_PG_URL")
    if not url:
        msg = (
            "QAWL_TEST_PG_URL is not set: start PostgreSQL with `source scripts/ci_services.sh` "
            "(it installs, starts and exports it)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg + " -- in CI the PostgreSQL tests must run, not be skipped", pytrace=False)
        pytest.skip(msg)
    return url


@pytest.fixture
def pg_url():
    """A URL whose connections use a fresh, private schema (dropped afterwards)."""
    import psycopg

    base = pg_base_url()
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """The URL of an empty archive, once per backend."""
    if request.param == "sqlite":
        return str(tmp_path / "archive.sqlite")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()
