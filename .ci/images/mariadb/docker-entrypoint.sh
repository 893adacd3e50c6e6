#!/bin/bash
# Entrypoint of the mariadb:11 / mysql:8.4 stand-in. On an empty data directory it
# initialises the server as both official images do, from MARIADB_<X> or, when that is
# unset, MYSQL_<X>: ROOT_PASSWORD, ALLOW_EMPTY_ROOT_PASSWORD (MYSQL_ALLOW_EMPTY_PASSWORD),
# RANDOM_ROOT_PASSWORD, ROOT_HOST (default %), DATABASE, USER and PASSWORD. Then it
# runs the server in the foreground as user mysql.
set -euo pipefail

readonly DATADIR=/var/lib/mysql
readonly SOCKET=/run/mysqld/mysqld.sock

log() {
    printf '%s [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*" >&2
}

# setting NAME [MYSQL_NAME]: $MARIADB_NAME, else $MYSQL_NAME (MYSQL_ + NAME by default).
setting() {
    local mariadb="MARIADB_$1" mysql="MYSQL_${2:-$1}"
    printf '%s' "${!mariadb:-${!mysql:-}}"
}

# The inside of a quoted SQL string: backslashes and single quotes escaped.
sql_string() {
    local escaped=${1//\\/\\\\}
    printf '%s' "${escaped//\'/\\\'}"
}

random_password() {
    head -c 24 /dev/urandom | base64
}

# As root on the socket, with no password: the one the temporary server has.
run_sql() {
    mariadb --protocol=socket --socket="$SOCKET" -uroot --database=mysql --binary-mode
}

start_temporary_server() {
    "$@" --skip-networking --socket="$SOCKET" --default-time-zone=SYSTEM &
    temporary_server=$!
    local attempt
    for attempt in {1..30}; do
        if run_sql <<<'SELECT 1' >/dev/null 2>&1; then
            return
        fi
        log "waiting for the temporary server ($attempt)"
        sleep 1
    done
    log 'the temporary server did not start'
    exit 1
}

stop_temporary_server() {
    kill "$temporary_server"
    wait "$temporary_server"
}

# healthcheck.sh logs in as this user, over TCP, so the temporary server (no network)
# never passes for the real one.
healthcheck_user_sql() {
    local password host
    password=$(random_password)
    for host in 127.0.0.1 ::1 localhost; do
        echo "CREATE USER healthcheck@'$host' IDENTIFIED BY '$password';"
    done
    (
        umask 077
        printf '[mariadb-client]\nprotocol=tcp\nhost=127.0.0.1\nport=3306\nuser=healthcheck\npassword=%s\n' \
            "$password" >"$DATADIR/.my-healthcheck.cnf"
    )
}

# The statements that set the root accounts, the database and the user up.
setup_sql() {
    local root_password=$1 root_host database user password
    root_host=$(sql_string "$(setting ROOT_HOST)")
    root_host=${root_host:-%}
    database=$(setting DATABASE)
    user=$(sql_string "$(setting USER)")
    password=$(sql_string "$(setting PASSWORD)")
    root_password=$(sql_string "$root_password")

    echo "SET @@SESSION.SQL_MODE = REPLACE(@@SESSION.SQL_MODE, 'NO_BACKSLASH_ESCAPES', '');"
    echo "DROP USER IF EXISTS root@'127.0.0.1', root@'::1';"
    echo "EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@''', @@hostname, '''');"
    echo "SET PASSWORD FOR root@localhost = PASSWORD('$root_password');"
    if [ "$root_host" != localhost ]; then
        echo "CREATE USER root@'$root_host' IDENTIFIED BY '$root_password';"
        echo "GRANT ALL ON *.* TO root@'$root_host' WITH GRANT OPTION;"
        echo "GRANT PROXY ON ''@'%' TO root@'$root_host' WITH GRANT OPTION;"
    fi
    healthcheck_user_sql
    if [ -n "$database" ]; then
        echo "CREATE DATABASE IF NOT EXISTS \`${database//\`/\`\`}\`;"
    fi
    if [ -n "$user" ] && [ -n "$password" ]; then
        echo "CREATE USER '$user'@'%' IDENTIFIED BY '$password';"
        if [ -n "$database" ]; then
            # In GRANT, _ in a database name is a wildcard: escaped, it names one database.
            local grant_name=${database//\`/\`\`}
            echo "GRANT ALL ON \`${grant_name//_/\\_}\`.* TO '$user'@'%';"
        fi
    fi
}

initialise() {
    local root_password
    root_password=$(setting ROOT_PASSWORD)
    if [ -n "$(setting RANDOM_ROOT_PASSWORD)" ]; then
        root_password=$(random_password)
        log "GENERATED ROOT PASSWORD: $root_password"
    elif [ -z "$root_password" ] && [ -z "$(setting ALLOW_EMPTY_ROOT_PASSWORD ALLOW_EMPTY_PASSWORD)" ]; then
        log 'Database is uninitialized and password option is not specified'
        log 'Set one of MARIADB_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD, MARIADB_RANDOM_ROOT_PASSWORD (or their MYSQL_ names)'
        exit 1
    fi

    log 'Initializing database files'
    mariadb-install-db --datadir="$DATADIR" --auth-root-authentication-method=normal \
        --skip-test-db --skip-name-resolve --skip-log-bin >/dev/null
    start_temporary_server "$@"
    # Named time zones, as the official image loads them (CONVERT_TZ needs them).
    mariadb-tzinfo-to-sql --skip-write-binlog /usr/share/zoneinfo 2>/dev/null | run_sql
    setup_sql "$root_password" | run_sql
    stop_temporary_server
    log 'MariaDB init process done. Ready for start up.'
}

# Whether the server is only asked to print something and stop (--version, --help...).
wants_help() {
    local argument
    for argument; do
        case $argument in
            -'?' | --help | --print-defaults | -V | --version) return 0 ;;
        esac
    done
    return 1
}

main() {
    # `docker run IMAGE --some-option`: the options are the server's.
    if [ "${1:0:1}" = - ]; then
        set -- mariadbd "$@"
    fi
    if { [ "$1" != mariadbd ] && [ "$1" != mysqld ]; } || wants_help "$@"; then
        exec "$@"
    fi
    if [ "$(id -u)" = 0 ]; then
        find "$DATADIR" /run/mysqld \! -user mysql -exec chown mysql:mysql '{}' +
        exec setpriv --reuid=mysql --regid=mysql --init-groups "${BASH_SOURCE[0]}" "$@"
    fi
    if [ ! -d "$DATADIR/mysql" ]; then
        initialise "$@"
    fi
    exec "$@"
}

main "$@"
