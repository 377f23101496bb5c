#!/usr/bin/env bash
# Start the services the test suite needs: a throwaway PostgreSQL cluster.
#
#   source scripts/ci_services.sh      # exports QAWL_TEST_PG_URL into this shell
#   bash scripts/ci_services.sh        # prints `export QAWL_TEST_PG_URL=...` on the last line
#   bash scripts/ci_services.sh stop   # stops the cluster and removes its data directory
#
# What it does:
#   1. installs PostgreSQL from Debian's packages (apt-get) when no server binaries are found;
#   2. creates a data directory (QAWL_PG_DIR, default /tmp/qawl-pg) with initdb, trust auth on
#      127.0.0.1 only, owned by the `postgres` user when run as root (initdb refuses root);
#   3. starts it with pg_ctl on QAWL_PG_PORT (default 55432), sockets in the data directory;
#   4. creates the database QAWL_PG_DB (default qawl_test) and exports
#      QAWL_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/DB, which tests/store reads.
# Running it again while the cluster is up only re-exports the URL.
# Tests FAIL (not skip) when CI=true and QAWL_TEST_PG_URL is unset.

_qawl_pg_main() {
    local dir="${QAWL_PG_DIR:-/tmp/qawl-pg}"
    local port="${QAWL_PG_PORT:-55432}"
    local db="${QAWL_PG_DB:-qawl_test}"
    local user="postgres"
    local bindir=""

    _find_bindir() {
        local d
        for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
            if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
                bindir="$d"
                return 0
            fi
        done
        if command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
            bindir="$(dirname "$(command -v initdb)")"
            return 0
        fi
        return 1
    }

    if ! _find_bindir; then
        echo "ci_services: installing PostgreSQL from Debian's packages" >&2
        if [ "$(id -u)" -ne 0 ]; then
            echo "ci_services: PostgreSQL is missing and this is not root; run: sudo apt-get install -y postgresql" >&2
            return 1
        fi
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 || return 1
        apt-get install -y -qq postgresql postgresql-contrib >&2 || return 1
        _find_bindir || { echo "ci_services: PostgreSQL binaries not found after install" >&2; return 1; }
    fi

    # run a command as the cluster owner (initdb and postgres refuse to run as root)
    _as_owner() {
        if [ "$(id -u)" -eq 0 ]; then
            if command -v runuser >/dev/null 2>&1; then
                runuser -u postgres -- "$@"
            else
                su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
            fi
        else
            "$@"
        fi
    }
    if [ "$(id -u)" -ne 0 ]; then
        user="$(id -un)"
    elif ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres || return 1
    fi

    if [ "${1:-}" = "stop" ]; then
        if [ -f "$dir/PG_VERSION" ]; then
            _as_owner "$bindir/pg_ctl" -D "$dir" -m fast stop >&2 || true
        fi
        rm -rf "$dir"
        return 0
    fi

    if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
        if [ ! -f "$dir/PG_VERSION" ]; then
            rm -rf "$dir"
            mkdir -p "$dir"
            [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
            chmod 700 "$dir"
            _as_owner "$bindir/initdb" -D "$dir" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null \
                || _as_owner "$bindir/initdb" -D "$dir" -U "$user" -A trust -E UTF8 --locale=C >/dev/null \
                || { echo "ci_services: initdb failed" >&2; return 1; }
        fi
        # a throwaway cluster: durability off, it only serves the tests
        _as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >&2 || { echo "ci_services: PostgreSQL did not start; see $dir/server.log" >&2; tail -20 "$dir/server.log" >&2; return 1; }
    fi

    if ! "$bindir/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
        "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$db" || return 1
    fi
    # trigram search is optional; create it when the contrib package is there
    "$bindir/psql" -h 127.0.0.1 -p "$port" -U "$user" -d "$db" -qc "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null 2>&1 || true

    export QAWL_TEST_PG_URL="postgresql://$user@127.0.0.1:$port/$db"
    echo "export QAWL_TEST_PG_URL=$QAWL_TEST_PG_URL"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -uo pipefail
    _qawl_pg_main "$@"
    exit $?
else
    _qawl_pg_main "$@"
fi
