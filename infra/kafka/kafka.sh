#!/usr/bin/env bash
# A real single-node Apache Kafka (KRaft) broker from Apache's jars on Maven Central; no Docker needed.
#   kafka.sh fetch    copy the broker's runtime classpath into infra/kafka/target/libs (jars cached in ~/.m2)
#   kafka.sh start    fetch if needed, format storage once, start the broker in the background, wait until ready
#   kafka.sh wait     wait until the broker answers on 127.0.0.1:9092 (KAFKA_WAIT_SECONDS, default 90)
#   kafka.sh status   print whether it is running
#   kafka.sh stop     stop it gracefully (then forcibly after 30 s)
#   kafka.sh kill     kill it at once (SIGKILL; fault tests)
#   kafka.sh reset    stop it and delete its data
#   kafka.sh logs     print the broker log
#   kafka.sh tail T   print the messages on topic T (from the beginning) with the project's kafkajs client
# A second broker beside the shared one (fault tests, benchmarks): KAFKA_PORT, KAFKA_CONTROLLER_PORT and
# KAFKA_DATA_DIR (defaults 9092, 9093, infra/kafka/.data), e.g.
#   KAFKA_PORT=19092 KAFKA_CONTROLLER_PORT=19093 KAFKA_DATA_DIR=/tmp/rcc-kafka-2 bash infra/kafka/kafka.sh start
# A broker that knows who connects and enforces ACLs (ADR 0035): KAFKA_SECURE=1 with KAFKA_SCRAM_USERS="admin=pw,
# hub=pw,council-e10000028=pw" (the first user is the broker's own super user). Clients then use SASL/SCRAM-SHA-512
# on KAFKA_PORT; the KRaft StandardAuthorizer refuses anything no ACL allows. (TLS is terminated the same way in
# production: ssl.* settings on the listener; not set up here, on loopback.)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIBS="$HERE/target/libs"
DATA="${KAFKA_DATA_DIR:-$HERE/.data}"
PIDFILE="$DATA/broker.pid"
LOG="$DATA/broker.log"
HOST=127.0.0.1
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
# A fixed cluster id: the storage is formatted once and reused.
CLUSTER_ID="${KAFKA_CLUSTER_ID:-UkNDRXhjaGFuZ2VEZXYxMQ}"

die() { echo "kafka: $*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null && exec 3>&- ; }

running() { [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

fetch() {
  if [[ -f "$LIBS/.complete" ]]; then return; fi
  command -v mvn >/dev/null || die "Maven is required (apt-get install maven)"
  command -v java >/dev/null || die "Java 17+ is required (apt-get install openjdk-17-jre-headless)"
  echo "kafka: fetching the broker's jars from Maven Central (cached in ~/.m2)"
  rm -rf "$LIBS"
  mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS"
  touch "$LIBS/.complete"
  echo "kafka: $(ls "$LIBS"/*.jar | wc -l) jars in $LIBS"
}

SECURE="${KAFKA_SECURE:-0}"
SCRAM_USERS="${KAFKA_SCRAM_USERS:-}"
# The broker's own user (inter-broker and controller traffic): the first of KAFKA_SCRAM_USERS.
super_user() { local first="${SCRAM_USERS%%,*}"; echo "${first%%=*}"; }
super_password() { local first="${SCRAM_USERS%%,*}"; echo "${first#*=}"; }

secure_props() {
  local user pass; user="$(super_user)"; pass="$(super_password)"
  [[ -n "$user" && -n "$pass" ]] || die "KAFKA_SECURE=1 needs KAFKA_SCRAM_USERS=name=password[,name=password...]"
  cat <<PROPS
listeners=SASL_PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$user" password="$pass";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$user" password="$pass" user_$user="$pass";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:$user
PROPS
}

props() {
  mkdir -p "$DATA/logs"
  if [[ "$SECURE" == 1 ]]; then
    { grep -v -e '^listeners=' -e '^advertised.listeners=' -e '^inter.broker.listener.name=' \
        -e '^listener.security.protocol.map=' "$HERE/server.properties" | sed -e "s/$HOST:9093/$HOST:$CONTROLLER_PORT/g"
      secure_props
      echo "log.dirs=$DATA/logs"; } >"$DATA/server.properties"
  else
    { sed -e "s/$HOST:9093/$HOST:$CONTROLLER_PORT/g" -e "s/$HOST:9092/$HOST:$PORT/g" "$HERE/server.properties"
      echo "log.dirs=$DATA/logs"; } >"$DATA/server.properties"
  fi
}

# SCRAM credentials live in the cluster metadata: the first ones are written when the storage is formatted.
scram_args() {
  local IFS=','; local pair
  for pair in $SCRAM_USERS; do
    printf '%s\n' --add-scram "SCRAM-SHA-512=[name=${pair%%=*},password=${pair#*=}]"
  done
}

java_run() {
  java -Xms256m -Xmx512m -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExplicitGCInvokesConcurrent \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$HERE/log4j2.properties" -cp "$LIBS/*" "$@"
}

wait_ready() {
  local limit="${KAFKA_WAIT_SECONDS:-90}" waited=0
  until port_open; do
    if [[ -f "$PIDFILE" ]] && ! running; then tail -n 40 "$LOG" >&2 || true; die "the broker exited during startup (log above)"; fi
    (( waited >= limit )) && die "not ready after ${limit}s (see $LOG)"
    sleep 1; waited=$((waited + 1))
  done
  # The port opens before the broker can serve metadata: ask for it with the project's own client.
  node --disable-warning=TimeoutNegativeWarning "$HERE/ready.mjs" "$HOST:$PORT" "$((limit - waited))" || die "port open but the broker does not answer metadata requests"
  echo "kafka: ready on $HOST:$PORT"
}

start() {
  if running; then echo "kafka: already running (pid $(cat "$PIDFILE"))"; wait_ready; return; fi
  port_open && die "something else is listening on $HOST:$PORT"
  fetch
  props
  if [[ ! -f "$DATA/logs/meta.properties" ]]; then
    local extra=()
    if [[ "$SECURE" == 1 ]]; then mapfile -t extra < <(scram_args); fi
    java_run kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$DATA/server.properties" --ignore-formatted "${extra[@]}" >/dev/null
  fi
  nohup bash -c "$(declare -f java_run); HERE='$HERE' LIBS='$LIBS' java_run kafka.Kafka '$DATA/server.properties'" \
    >"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  echo "kafka: started (pid $!, log $LOG)"
  wait_ready
}

# Sends the broker and its child processes a signal, then waits up to <tries> times <seconds> for them to go.
signal_broker() { # <signal> <tries> <seconds>
  local pid; pid="$(cat "$PIDFILE")"
  pkill -"$1" -P "$pid" 2>/dev/null || true
  kill -"$1" "$pid" 2>/dev/null || true
  for _ in $(seq 1 "$2"); do running || break; sleep "$3"; done
}

stop() {
  running || { echo "kafka: not running"; rm -f "$PIDFILE"; return; }
  signal_broker TERM 30 1
  if running; then signal_broker KILL 0 0; fi
  rm -f "$PIDFILE"
  echo "kafka: stopped"
}

kill_now() {
  running || { echo "kafka: not running"; rm -f "$PIDFILE"; return; }
  signal_broker KILL 10 0.5
  rm -f "$PIDFILE"
  echo "kafka: killed"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  wait) wait_ready ;;
  stop) stop ;;
  kill) kill_now ;;
  status) if running; then echo "kafka: running (pid $(cat "$PIDFILE"))"; else echo "kafka: not running"; exit 1; fi ;;
  reset) stop; rm -rf "$DATA"; echo "kafka: data deleted" ;;
  logs) cat "$LOG" ;;
  tail) shift; node --disable-warning=TimeoutNegativeWarning "$HERE/tail.mjs" "$@" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# //'; exit 2 ;;
esac
