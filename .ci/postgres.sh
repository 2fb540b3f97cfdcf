# Start a throwaway PostgreSQL server for the tests; meant to be sourced (by .ci/run).
#
# The cluster lives in a fresh temporary folder, listens on 127.0.0.1 only, on a free port,
# and is stopped and deleted when the sourcing shell exits. It has one superuser role,
# "trackrecord", with a random password (password authentication over TCP), owning the
# database "trackrecord". Exports:
#
#   TRACKRECORD_TEST_POSTGRES_URL  postgresql+psycopg://trackrecord:...@127.0.0.1:PORT/trackrecord
#
# initdb refuses to run as root: as root the server runs as the "postgres" system user (created
# by Debian's postgresql package); as any other user it runs as that user (no sudo needed).
# The folder is made under $TMPDIR, or under /tmp when that is long or the server's user cannot
# write to it (a private $TMPDIR of root's).
# Stopping it is an EXIT trap of the sourcing shell (replacing any EXIT trap set before).
# Set PG_BIN to use a particular PostgreSQL's programs; by default the newest under
# /usr/lib/postgresql.

_tr_pg_start() {
    local bin="${PG_BIN:-}"
    if [ -z "$bin" ]; then
        local version
        version="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1 || true)"
        if [ -z "$version" ]; then
            echo "postgres.sh: no PostgreSQL under /usr/lib/postgresql (apt-get install postgresql)" >&2
            return 1
        fi
        bin="/usr/lib/postgresql/$version/bin"
    fi
    if [ ! -x "$bin/initdb" ]; then
        echo "postgres.sh: $bin/initdb not found" >&2
        return 1
    fi

    local runas=()
    if [ "$(id -u)" -eq 0 ]; then
        runas=(runuser -u postgres --)
    fi

    # The server's folder also holds its Unix socket, whose path may not exceed 107 bytes, and
    # must be reachable by the user the server runs as: a private or deep $TMPDIR (as root, the
    # "postgres" user may not enter it) is replaced by /tmp.
    local parent="${TMPDIR:-/tmp}"
    parent="${parent%/}"
    if [ "${#parent}" -gt 60 ] || [ ! -d "$parent" ] \
        || ! "${runas[@]}" test -w "$parent" -a -x "$parent"; then
        parent=/tmp
    fi
    local root
    root="$(mktemp -d "$parent/trackrecord-pg.XXXXXX")"
    TRACKRECORD_PG_ROOT="$root"
    TRACKRECORD_PG_RUNAS="${runas[*]}"
    TRACKRECORD_PG_BIN="$bin"
    local password
    password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    printf '%s\n' "$password" >"$root/pwfile"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres: "$root"
    fi
    chmod 700 "$root"

    local port
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

    "${runas[@]}" "$bin/initdb" --pgdata="$root/data" --username=trackrecord \
        --pwfile="$root/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$root/initdb.log" 2>&1 || {
        cat "$root/initdb.log" >&2
        return 1
    }
    rm -f "$root/pwfile"
    # Tuned for a throwaway test server: no durability, little logging.
    "${runas[@]}" "$bin/pg_ctl" --pgdata="$root/data" --log="$root/server.log" --wait \
        --options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$root \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || {
        cat "$root/server.log" >&2
        return 1
    }
    "${runas[@]}" "$bin/createdb" --host="$root" --port="$port" --username=trackrecord \
        --owner=trackrecord trackrecord

    export TRACKRECORD_TEST_POSTGRES_URL="postgresql+psycopg://trackrecord:$password@127.0.0.1:$port/trackrecord"
    echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $root)"
}

_tr_pg_stop() {
    if [ -z "${TRACKRECORD_PG_ROOT:-}" ]; then
        return 0
    fi
    if [ -f "$TRACKRECORD_PG_ROOT/data/postmaster.pid" ]; then
        # shellcheck disable=SC2086  # the runuser prefix is meant to split into words
        $TRACKRECORD_PG_RUNAS "$TRACKRECORD_PG_BIN/pg_ctl" --pgdata="$TRACKRECORD_PG_ROOT/data" \
            --mode=immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$TRACKRECORD_PG_ROOT"
}

trap _tr_pg_stop EXIT
_tr_pg_start
