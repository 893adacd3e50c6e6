#!/bin/bash
# Entrypoint of the redis:7 stand-in: redis-server in the foreground as user redis, its
# dump in /data (the working directory).
set -euo pipefail

# `docker run IMAGE --appendonly yes` or `IMAGE some.conf`: arguments of the server's.
if [ "${1:0:1}" = - ] || [[ $1 == *.conf ]]; then
    set -- redis-server "$@"
fi

# The official image builds Redis with protected mode off by default, so that other
# containers reach it without a password. Without a configuration file (the first
# argument) that is what this option does; the caller's own options come after it and
# win. Not before the first arguments that are no server options (--version, ...).
if [ "$1" = redis-server ]; then
    case ${2:-} in
        -v | --version | -h | --help | --test-memory | --check-system) ;;
        '' | -*) set -- redis-server --protected-mode no "${@:2}" ;;
    esac
fi

if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis:redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
fi
exec "$@"
