#!/usr/bin/env bash
# Runs docker-compose.yml's topology as plain processes on this machine: one throwaway
# PostgreSQL (initdb'd here, run as the postgres user when started as root) and five Fencepost
# nodes from one build of src/Console.Web, each with its own roles and ports. Ctrl-C stops them all.
#
#   eng/run-cluster.sh            build, then run until Ctrl-C
#   eng/run-cluster.sh --no-build run what was built last
#
# Environment: FENCEPOST_CLUSTER_DIR (data and logs; default a new temp dir, deleted on exit),
# FENCEPOST_CLUSTER_PG_PORT (default 55432), FENCEPOST_CLUSTER_POOL_SIZE (connections per node,
# default 10), FENCEPOST_CLUSTER_CONFIGURATION (default Release).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
configuration="${FENCEPOST_CLUSTER_CONFIGURATION:-Release}"
pg_port="${FENCEPOST_CLUSTER_PG_PORT:-55432}"
# Pools are pre-warmed to their maximum: five nodes of 10 stay far below max_connections on one laptop.
pool_size="${FENCEPOST_CLUSTER_POOL_SIZE:-10}"
build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

keep_dir=1
if [[ -z "${FENCEPOST_CLUSTER_DIR:-}" ]]; then
  FENCEPOST_CLUSTER_DIR="$(mktemp -d /tmp/fencepost-cluster.XXXXXX)"
  keep_dir=0
fi
data="$FENCEPOST_CLUSTER_DIR"
mkdir -p "$data/logs"

pg_bin="$(pg_config --bindir 2>/dev/null || true)"
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
  echo "PostgreSQL server binaries not found (pg_config --bindir); install them: apt-get install -y postgresql" >&2
  exit 1
fi

# PostgreSQL refuses to run as root: run it as the postgres user then.
as_pg() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pids=()
stopping=0
stop_all() {
  [[ "$stopping" == 1 ]] && return
  stopping=1
  echo "stopping nodes..."
  # Only the process groups this script started (dotnet run and the node it launched), by id:
  # SIGTERM lets each node leave the cluster gracefully.
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -f "$data/pg/postmaster.pid" ]]; then
    as_pg "$pg_bin/pg_ctl" -D "$data/pg" -m fast -w stop >/dev/null || true
  fi
  if [[ "$keep_dir" == 0 ]]; then rm -rf "$data"; else echo "data and logs kept in $data"; fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

if [[ ! -f "$data/pg/PG_VERSION" ]]; then
  mkdir -p "$data/pg"
  [[ "$(id -u)" == 0 ]] && chown -R postgres "$data"
  as_pg "$pg_bin/initdb" -D "$data/pg" -U postgres --auth=trust >"$data/logs/initdb.log"
fi
[[ "$(id -u)" == 0 ]] && chown -R postgres "$data/pg"
as_pg "$pg_bin/pg_ctl" -D "$data/pg" -l "$data/logs/postgres.log" -w \
  -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $data/pg -c max_connections=400" start >/dev/null
connection="Host=127.0.0.1;Port=$pg_port;Database=postgres;Username=postgres"
echo "PostgreSQL on 127.0.0.1:$pg_port (data in $data/pg)"

if [[ "$build" == 1 ]]; then
  dotnet build "$root/src/Console.Web" -c "$configuration" >"$data/logs/build.log" || { echo "build failed: $data/logs/build.log" >&2; exit 1; }
fi

# name roles console-port rpc-port frontend-port: the same services as docker-compose.yml, distinct
# ports on one host. Every node serves its peers on its rpc port; only the frontend node opens the
# Temporal port (7233) for SDKs, and only the console node opens its console port.
nodes=(
  "console console 8080 7300 -"
  "history-1 history 8081 7301 -"
  "history-2 history 8082 7302 -"
  "matching matching 8083 7303 -"
  "frontend frontend 8084 7304 7233"
)
for node in "${nodes[@]}"; do
  read -r name roles console_port rpc_port frontend_port <<<"$node"
  [[ "$frontend_port" == - ]] && frontend_port="$rpc_port"
  # setsid: each node gets its own process group, so stopping it also stops the app dotnet run launched.
  setsid dotnet run --project "$root/src/Console.Web" -c "$configuration" --no-build -- \
    --store postgres --connection "$connection" --port "$console_port" \
    --Fencepost:Store:Target PostgreSql \
    --Fencepost:Store:MaxPoolSize "$pool_size" \
    --Fencepost:Frontend:Port "$frontend_port" \
    --Fencepost:Node:Roles "$roles" \
    --Fencepost:Node:HostId "$name" \
    --Fencepost:Node:RpcAddress "127.0.0.1:$rpc_port" \
    >"$data/logs/$name.log" 2>&1 &
  pids+=("$!")
  echo "started $name (roles $roles, internal rpc 127.0.0.1:$rpc_port, log $data/logs/$name.log)"
  # Staggered and jittered (0.3-1 s apart), on top of each node's own random first-heartbeat delay,
  # so a whole-cluster start does not open every pool and write every row in the same instant.
  sleep "0.$((RANDOM % 8 + 3))"
done

echo "cluster running: console http://localhost:8080, Temporal frontend 127.0.0.1:7233. Ctrl-C stops it."
# Returns when any node exits; the EXIT trap then stops the rest.
wait -n "${pids[@]}" || true
echo "a node exited; see $data/logs" >&2
exit 1
