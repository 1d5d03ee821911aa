// The usage text of each command, in a module of its own so that `rcc help` loads no command (and none of the
// platform's code): each command's module is imported only when that command runs (issue 20).
import { MAX_HORIZON } from '@rcc/forecast';

export const TOKEN_USAGE = `rcc token --role ROLE [--council ONS_CODE] [--provider ID] [--subject NAME] [--ttl SECONDS]
  ROLE: one of the platform's roles (an unknown one is refused with the list)
  Signs a development token as the local development issuer (rcc-dev, Ed25519 key in RCC_KEYS_DIR, default .rcc/keys,
  made on first use; the services of npm start trust it). Refused when RCC_ENV=production.`;

export const KAFKA_ACLS_USAGE = `rcc kafka-acls --councils E10000028,E06000021 [--prefix P.] [--apply]
  Lists the region's broker ACLs (a principal per organisation: hub, council-<code>; ADR 35). With --apply, creates
  them on KAFKA_BROKERS as the broker's super user (KAFKA_SASL_MECHANISM/_USERNAME/_PASSWORD, KAFKA_TLS).`;

export const KAFKA_TOPICS_USAGE = `rcc kafka-topics [--councils E10000028,E06000021] [--prefix P.] [--partitions 6] [--replication 3]
    [--min-insync-replicas 2] [--retention-hours 168] [--check]
  Creates or updates every topic of the region (each contract topic and its .dlt; addressed ones once per council) on
  KAFKA_BROKERS: missing topics are created, partitions grown (never shrunk), min.insync.replicas and retention.ms set.
  Defaults from RCC_REGION_COUNCILS, KAFKA_TOPIC_PREFIX, RCC_KAFKA_PARTITIONS, RCC_KAFKA_REPLICATION,
  RCC_KAFKA_MIN_INSYNC_REPLICAS, RCC_KAFKA_RETENTION_HOURS (-1: keep forever). --check prints the plan, changes nothing.`;

export const IMPORT_903_USAGE = `rcc import-903 --council ONS_CODE [--url COUNCIL_URL] DIR
  Imports every SSDA903 CSV (or DfE XML) file under DIR (one or several years: name files with their year, e.g. 2021-episodes.csv)
  into that council's instance. The files are streamed from disk to the instance (COUNCIL_URL, default RCC_COUNCIL_URL or
  http://localhost:4101; a GraphQL URL ending /graphql is accepted), never held whole in memory, so returns of any size can be
  imported. Token: RCC_TOKEN, else a development council.analyst token.`;

export const IMPORT_PROVIDERS_USAGE = `rcc import-providers [--url GATEWAY_URL] [--strict] FILE [FILE...]
  Imports Ofsted / DfE provider lists (.csv or .xlsx: children's homes list, social care providers list, 2025 combined
  list) into the registry through the gateway; settings are recognised by URN (new / changed / closed). The rows that
  are right are imported and every rejected row is listed with its reason (exit 2 when any was rejected); --strict
  refuses the whole import on any bad row (exit 1, nothing written). Token: RCC_TOKEN, else a development
  hub.commissioner token.`;

export const FORECAST_USAGE = `rcc forecast --series FILE.csv [--horizon 12] [--seed N] [--json]
  Back-tests every model on a monthly series (CSV with header month,value; months YYYY-MM, consecutive) by rolling
  origin, against the councils' method (a straight line through the last three annual totals, spread evenly over
  the months ahead). Chooses the combination of ETS, Theta and the councils' line unless a single model is clearly
  better on the earlier origins and again on the later ones, and forecasts up to ${MAX_HORIZON} months with 80% and
  95% intervals.`;
