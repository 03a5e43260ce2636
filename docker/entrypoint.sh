#!/bin/sh
# Apply migrations before serving; the settings refuse to start without SECRET_KEY.
set -e
if [ "${RUN_MIGRATIONS:-1}" = "1" ]; then
    python manage.py migrate --noinput
fi
exec "$@"
