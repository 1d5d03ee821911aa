-- Real-mode databases for docker-compose (the official postgres image runs this once, on an empty volume).
-- Outside Docker, `npm run rcc -- db-create` makes the same role and databases; keep the two lists in step
-- (a test checks that they are).
CREATE ROLE rcc LOGIN PASSWORD 'rcc' NOSUPERUSER CREATEDB;
CREATE DATABASE rcc_council_e10000028 OWNER rcc;
CREATE DATABASE rcc_council_e06000021 OWNER rcc;
CREATE DATABASE rcc_registry OWNER rcc;
CREATE DATABASE rcc_commissioning OWNER rcc;
CREATE DATABASE rcc_analytics OWNER rcc;
