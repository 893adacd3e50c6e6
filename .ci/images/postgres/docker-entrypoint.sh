#!/bin/bash
# Entrypoint of the postgres:15 / postgres:16 stand-in. On an empty $PGDATA it makes the
# cluster as the official image does: superuser POSTGRES_USER (default postgres) with
# POSTGRES_PASSWORD, database POSTGRES_DB (default the user's name), connections from
# other hosts by password (POSTGRES_HOST_AUTH_METHOD, default scram-sha-256), from
# inside the container without one. Then it runs postgres in the foreground as user
# postgres.
set -euo pipefail

export POSTGRES_USER=${POSTGRES_USER:-postgres}
export POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
readonly AUTH_METHOD=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}

log() {
    printf '%s [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*" >&2
}

initialise() {
    if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$AUTH_METHOD" != trust ]; then
        log 'Database is uninitialized and superuser password is not specified.'
        log 'Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust).'
        exit 1
    fi
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}")
    printf '\nhost all all all %s\n' "$AUTH_METHOD" >>"$PGDATA/pg_hba.conf"

    if [ "$POSTGRES_DB" != postgres ]; then
        # On the socket only while the database is made: nobody connects in between.
        pg_ctl --pgdata="$PGDATA" --wait --options="-c listen_addresses=''" start
        psql --no-psqlrc --set=ON_ERROR_STOP=1 --username="$POSTGRES_USER" --dbname=postgres \
            --set=db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
        pg_ctl --pgdata="$PGDATA" --wait --mode=fast stop
    fi
    log 'PostgreSQL init process complete; ready for start up.'
}

# Whether the server is only asked to print something and stop (--version, --help...).
wants_help() {
    local argument
    for argument; do
        case $argument in
            -'?' | --help | --describe-config | -V | --version) return 0 ;;
        esac
    done
    return 1
}

main() {
    # `docker run IMAGE -c some=setting`: the options are the server's.
    if [ "${1:0:1}" = - ]; then
        set -- postgres "$@"
    fi
    if [ "$1" != postgres ] || wants_help "$@"; then
        exec "$@"
    fi
    if [ "$(id -u)" = 0 ]; then
        mkdir -p "$PGDATA"
        find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
        chmod 700 "$PGDATA"
        exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
    fi
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
        initialise
    fi
    exec "$@"
}

main "$@"
