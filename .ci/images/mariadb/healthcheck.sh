#!/bin/bash
# The official image's health check, for the tests our compose files ask for:
#   --connect               the server takes a TCP connection (the temporary server the
#                           entrypoint runs while it initialises has no network: it fails)
#   --innodb_initialized    InnoDB is up
# It logs in as the healthcheck user the entrypoint created; exit status 0 only when
# every test named passes.
set -euo pipefail

query() {
    mariadb --defaults-extra-file=/var/lib/mysql/.my-healthcheck.cnf \
        --skip-column-names --batch -e "$1"
}

if [ $# = 0 ]; then
    echo 'usage: healthcheck.sh --connect|--innodb_initialized ...' >&2
    exit 2
fi
for test in "$@"; do
    case $test in
        --connect)
            query 'SELECT 1' >/dev/null
            ;;
        --innodb_initialized)
            [ "$(query "SELECT 1 FROM information_schema.ENGINES
                WHERE engine = 'InnoDB' AND support IN ('YES', 'DEFAULT', 'ENABLED')")" = 1 ]
            ;;
        *)
            echo "healthcheck.sh: $test is not one of the tests this stand-in has" >&2
            exit 2
            ;;
    esac
done
