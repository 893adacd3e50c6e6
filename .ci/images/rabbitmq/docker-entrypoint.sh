#!/bin/bash
# Entrypoint of the rabbitmq:4-management stand-in: rabbitmq-server in the foreground as
# user rabbitmq. RabbitMQ itself reads RABBITMQ_DEFAULT_USER and RABBITMQ_DEFAULT_PASS
# when it makes its database on first start; without them the user is guest/guest,
# which may log in from localhost only.
set -euo pipefail

readonly DATA=/var/lib/rabbitmq
readonly COOKIE=$DATA/.erlang.cookie

# The server's Erlang cookie, made before the server starts: a health check that runs
# first (rabbitmq-diagnostics as root, sharing this HOME) would otherwise create it
# owned by root, and the server could not read it.
make_cookie() {
    local draft
    draft=$(mktemp "$COOKIE.XXXXXX")
    head -c 30 /dev/urandom | base64 | tr -d '+/=\n' >"$draft"
    chmod 400 "$draft"
    chown rabbitmq:rabbitmq "$draft"
    mv "$draft" "$COOKIE"
}

if [ "$1" = rabbitmq-server ] && [ "$(id -u)" = 0 ]; then
    find "$DATA" \! -user rabbitmq -exec chown rabbitmq:rabbitmq '{}' +
    if [ ! -e "$COOKIE" ]; then
        make_cookie
    fi
    exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$@"
fi
exec "$@"
