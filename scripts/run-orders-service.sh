#!/usr/bin/env bash
# Runs samples/OrdersService locally with its servers: MariaDB and memcached (Debian's packages; run
# scripts/install-test-deps.sh once as root), the in-repo MongoDB test server, and dynalite for the DynamoDB
# shipments table (installed by the same script; in memory, so shipments last as long as the run). Everything listens on loopback;
# MariaDB's data lives under .servers/orders (git-ignored) between runs. Ctrl+C stops the service and the servers.
#
#   bash scripts/run-orders-service.sh          JIT (dotnet run)
#   bash scripts/run-orders-service.sh --aot    publishes it as native AOT first and runs the binary
#
# Then, for example:
#   curl -s -XPOST localhost:5080/orders -H 'content-type: application/json' -d '{"customer":"ada","item":"pen","quantity":2}'
#   curl -s -XPOST localhost:5080/orders/1/shipments -H 'content-type: application/json' -d '{"carrier":"ups"}'
#   curl -s localhost:5080/orders/1; curl -s localhost:5080/orders/1/audit; curl -s localhost:5080/orders/1/shipments
#   curl -s localhost:5080/health
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mysql_port=${ORDERS_MYSQL_PORT:-33306} memcached_port=${ORDERS_MEMCACHED_PORT:-11311} mongo_port=${ORDERS_MONGO_PORT:-27117}
http_port=${ORDERS_HTTP_PORT:-5080} dynamo_port=${ORDERS_DYNAMO_PORT:-8100}
dynalite_cli="${BACKENDGEN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/backendgen}/dynalite-4.0.0/node_modules/dynalite/cli.js"
[ -f "$dynalite_cli" ] || { echo "run-orders-service: dynalite is missing; run scripts/install-test-deps.sh" >&2; exit 1; }
data="$root/.servers/orders"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  bash scripts/mariadb.sh stop "$data/mariadb" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

bash scripts/mariadb.sh start "$data/mariadb" "$mysql_port"
memcached_user=(); [ "$(id -u)" -eq 0 ] && memcached_user=(-u root)
memcached -l 127.0.0.1 -p "$memcached_port" -U 0 -m 64 "${memcached_user[@]}" & pids+=($!)
dotnet run -c Release --project tests/MongoTestServer -- --port "$mongo_port" & pids+=($!)
node "$dynalite_cli" --host 127.0.0.1 --port "$dynamo_port" & pids+=($!)

export ASPNETCORE_URLS="http://127.0.0.1:$http_port"
export ORDERS_MYSQL_PASSWORD="$(cat "$data/mariadb/password")"
export Backends__mysql__orders__hosts__0="127.0.0.1:$mysql_port"
export Backends__memcached__sessions__hosts__0="127.0.0.1:$memcached_port"
export Backends__mongodb__audit__hosts__0="127.0.0.1:$mongo_port"
export Backends__dynamodb__shipping__serviceUrl="http://127.0.0.1:$dynamo_port"
export ORDERS_DYNAMO_SECRET="${ORDERS_DYNAMO_SECRET:-dynalite-does-not-check}"  # dynalite checks no signature

if [ "${1:-}" = "--aot" ]; then
  out="$root/.servers/orders/aot"
  dotnet publish samples/OrdersService -c Release -r linux-x64 -p:PublishAot=true -o "$out" -nologo
  "$out/OrdersService" & pids+=($!)
else
  dotnet run -c Release --project samples/OrdersService & pids+=($!)
fi
wait "${pids[-1]}"
