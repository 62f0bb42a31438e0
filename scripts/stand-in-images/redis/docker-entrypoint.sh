#!/bin/sh
# Entrypoint of the test-only redis stand-in: the subset of the official image's that compose
# files use.
set -eu

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
    set -- redis-server "$@"
fi
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
    chown -R redis:redis /data
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
if [ "$1" = redis-server ]; then
    shift
    # No config file given: as the official image, listen everywhere without protected mode.
    case "${1:-}" in
        *.conf) exec redis-server "$@" ;;
        *) exec redis-server --bind '* -::*' --protected-mode no "$@" ;;
    esac
fi
exec "$@"
