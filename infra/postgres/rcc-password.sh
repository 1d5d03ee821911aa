#!/bin/sh
# Production override (docker-compose.prod.yml): runs once on an empty volume, after init.sql, and gives the services'
# login role the password from RCC_DB_PASSWORD instead of the development one. Nothing is printed.
set -eu
if [ -n "${RCC_DB_PASSWORD:-}" ]; then
  psql -v ON_ERROR_STOP=1 --quiet --username "$POSTGRES_USER" --dbname postgres -v pw="$RCC_DB_PASSWORD" <<'SQL'
ALTER ROLE rcc PASSWORD :'pw';
SQL
fi
