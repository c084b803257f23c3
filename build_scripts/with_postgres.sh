#!/usr/bin/env bash
# Run a command beside a throwaway PostgreSQL cluster on a loopback port.
#
# The command sees MENTORDESK_TEST_PG_URL pointing at an empty database, so the
# store, service and import tests run against PostgreSQL as well as SQLite.
# PostgreSQL comes from the distribution's packages, installed when missing
# (as root). The cluster lives in a temporary folder, runs as an unprivileged
# user and is stopped and removed at the end, whatever happens.
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [[ -z "$(pg_bin)" && "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL from the distribution's packages..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) \
        >/dev/null 2>&1 || echo "Could not install PostgreSQL."
fi
BIN="$(pg_bin)"
if [[ -z "$BIN" ]]; then
    echo "PostgreSQL is not installed: its test runs will be skipped."
    exec "$@"
fi

RUN_AS=()
OWNER="$(id -un)"
if [[ "$(id -u)" == 0 ]]; then
    # PostgreSQL refuses to run as root.
    OWNER="$(getent passwd postgres >/dev/null && echo postgres || echo nobody)"
    RUN_AS=(runuser -u "$OWNER" --)
fi

DIR="$(mktemp -d /tmp/mentordesk-pg.XXXXXX)"
chown "$OWNER" "$DIR"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

cleanup() {
    "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$BIN/initdb" -D "$DIR/data" -A trust -U mentordesk -E UTF8 --no-sync >/dev/null
"${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=200" >/dev/null
"${RUN_AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U mentordesk mentordesk_test

export MENTORDESK_TEST_PG_URL="postgresql+psycopg://mentordesk@127.0.0.1:$PORT/mentordesk_test"
echo "PostgreSQL test server: $MENTORDESK_TEST_PG_URL"
"$@"
