#!/usr/bin/env bash
# Installs the servers the integration tests start themselves: MariaDB and memcached, from Debian's packages,
# and libmemcached (libmemcached-tools), which the ketama test compares our key placement against and whose
# memcaslap (memaslap) the memcached benchmark runs beside our client.
# Also dynalite (an independent implementation of the DynamoDB API, pinned, from the npm registry, run with the machine's
# Node), installed with npm into a cache directory outside the repository: $BACKENDGEN_CACHE_DIR, else
# ${XDG_CACHE_HOME:-$HOME/.cache}/backendgen; tests/IntegrationTests/DynamoDb/DynaliteProcess.cs looks there.
# Idempotent: does nothing when everything is present. Needs root for apt-get (CI runs as root; elsewhere password-less
# sudo is used when there is one). Never reads standard input.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }

dynalite_version=4.0.0
cache_dir="${BACKENDGEN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/backendgen}"
dynalite_dir="$cache_dir/dynalite-$dynalite_version"
install_dynalite() {
  if [ -f "$dynalite_dir/node_modules/dynalite/cli.js" ] && [ -f "$dynalite_dir/.installed" ]; then
    echo "install-test-deps: dynalite $dynalite_version is installed in $dynalite_dir"
    return 0
  fi
  have node || { echo "install-test-deps: node is missing (dynalite needs Node 20)" >&2; return 1; }
  have npm || { echo "install-test-deps: npm is missing (dynalite is installed with npm)" >&2; return 1; }
  echo "install-test-deps: installing dynalite $dynalite_version into $dynalite_dir"
  mkdir -p "$dynalite_dir"
  printf '{ "name": "backendgen-dynalite", "private": true }\n' >"$dynalite_dir/package.json"
  (cd "$dynalite_dir" && npm install --no-audit --no-fund --no-save --loglevel=error "dynalite@$dynalite_version" </dev/null)
  [ -f "$dynalite_dir/node_modules/dynalite/cli.js" ] || { echo "install-test-deps: dynalite is still missing after the install" >&2; return 1; }
  touch "$dynalite_dir/.installed"
}

packages=()
if ! have mariadbd || ! have mariadb-install-db; then packages+=(mariadb-server); fi
if ! have memcached; then packages+=(memcached); fi
if ! have memcaslap || ! ldconfig -p 2>/dev/null | grep -q 'libmemcached\.so\.11'; then packages+=(libmemcached-tools); fi

if [ "${#packages[@]}" -eq 0 ]; then
  echo "install-test-deps: mariadb-server, memcached and libmemcached-tools are installed"
  install_dynalite
  exit 0
fi

run=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true </dev/null 2>/dev/null; then
    run=(sudo -n DEBIAN_FRONTEND=noninteractive)
  else
    echo "install-test-deps: ${packages[*]} missing; run this script as root to install them" >&2
    exit 1
  fi
fi

# The packages must not start system-wide servers (the tests start their own on free ports); where no
# policy-rc.d says otherwise, forbid service starts for the length of the install.
policy=/usr/sbin/policy-rc.d
added_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${run[@]}" tee "$policy" >/dev/null
  "${run[@]}" chmod 755 "$policy"
  added_policy=true
fi
cleanup() { if [ "$added_policy" = true ]; then "${run[@]}" rm -f "$policy"; fi; }
trap cleanup EXIT

echo "install-test-deps: installing ${packages[*]}"
"${run[@]}" apt-get update </dev/null
"${run[@]}" apt-get install -y --no-install-recommends "${packages[@]}" </dev/null

for binary in mariadbd mariadb-install-db memcached memcaslap; do
  have "$binary" || { echo "install-test-deps: $binary is still missing after the install" >&2; exit 1; }
done
install_dynalite
echo "install-test-deps: done"
