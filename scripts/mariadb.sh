#!/usr/bin/env bash
# Starts and stops a throwaway MariaDB on a loopback port, with its data, socket and logs under DIR.
#
#   scripts/mariadb.sh start DIR PORT    create DIR (first time only) and start mariadbd on 127.0.0.1:PORT
#   scripts/mariadb.sh stop DIR          stop it (SIGTERM, clean InnoDB shutdown); DIR stays for the next start
#   scripts/mariadb.sh status DIR        say whether it runs
#
# The first start creates a real user with a password and a database (no --skip-grant-tables):
#   MARIADB_USER (default app), MARIADB_DATABASE (default demo), MARIADB_PASSWORD (default: random),
# and writes the password to DIR/password, so that a backends.json can say "password": "${file:DIR/password}".
# root has no network account; it logs in over DIR/mysqld.sock only. Delete DIR to start from scratch.
set -euo pipefail

usage() { echo "usage: $0 start DIR PORT | stop DIR | status DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
command=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
pidfile="$dir/mysqld.pid"

find_binary() {
  for candidate in "$@"; do
    if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return; fi
    for prefix in /usr/sbin /usr/bin; do
      if [ -x "$prefix/$candidate" ]; then echo "$prefix/$candidate"; return; fi
    done
  done
  echo "$1 is not installed: run scripts/install-test-deps.sh as root" >&2
  exit 1
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

run_as=()
if [ "$(id -u)" -eq 0 ]; then run_as=(--user=root); fi   # mariadbd refuses to run as root unless told to

case "$command" in
  start)
    [ $# -eq 3 ] || usage
    port=$3
    if running; then echo "mariadb: already running in $dir (pid $(cat "$pidfile"))"; exit 0; fi
    mariadbd=$(find_binary mariadbd mysqld)
    if [ ! -d "$dir/data/mysql" ]; then
      install_db=$(find_binary mariadb-install-db mysql_install_db)
      user=${MARIADB_USER:-app}
      database=${MARIADB_DATABASE:-demo}
      password=${MARIADB_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}
      (umask 077; printf '%s\n' "$password" > "$dir/password")
      # Anonymous accounts would shadow 'user'@'%' for local clients; root keeps only its socket account.
      (umask 077; cat > "$dir/init.sql" <<SQL
DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');
FLUSH PRIVILEGES;
CREATE DATABASE IF NOT EXISTS \`$database\` CHARACTER SET utf8mb4;
CREATE USER '$user'@'%' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`$database\`.* TO '$user'@'%';
SQL
      )
      "$install_db" --no-defaults --datadir="$dir/data" --auth-root-authentication-method=normal \
        --skip-test-db --skip-name-resolve --extra-file="$dir/init.sql" --innodb-log-file-size=16M \
        "${run_as[@]}" > "$dir/install.log" 2>&1 \
        || { cat "$dir/install.log" >&2; echo "mariadb: mariadb-install-db failed" >&2; exit 1; }
      rm -f "$dir/init.sql"
    fi
    : > "$dir/error.log"
    setsid "$mariadbd" --no-defaults --datadir="$dir/data" --socket="$dir/mysqld.sock" --pid-file="$pidfile" \
      --log-error="$dir/error.log" --tmpdir="$dir" --bind-address=127.0.0.1 --port="$port" \
      --skip-name-resolve --skip-log-bin --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --innodb-buffer-pool-size=64M --innodb-log-file-size=16M "${run_as[@]}" \
      </dev/null >/dev/null 2>&1 &
    server=$!
    for _ in $(seq 1 600); do
      if grep -q "ready for connections" "$dir/error.log" 2>/dev/null && running; then
        echo "mariadb: ready on 127.0.0.1:$port (pid $(cat "$pidfile")); data in $dir"
        [ -f "$dir/password" ] && echo "mariadb: user ${MARIADB_USER:-app}, database ${MARIADB_DATABASE:-demo}, password in $dir/password"
        exit 0
      fi
      if ! kill -0 "$server" 2>/dev/null; then break; fi
      sleep 0.1
    done
    tail -n 30 "$dir/error.log" >&2 || true
    kill "$server" 2>/dev/null || true
    echo "mariadb: did not start on port $port" >&2
    exit 1
    ;;
  stop)
    if ! running; then echo "mariadb: not running in $dir"; exit 0; fi
    pid=$(cat "$pidfile")
    kill -TERM "$pid"
    for _ in $(seq 1 600); do
      if ! kill -0 "$pid" 2>/dev/null; then echo "mariadb: stopped"; exit 0; fi
      sleep 0.1
    done
    echo "mariadb: pid $pid did not stop within 60 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    ;;
  status)
    if running; then echo "mariadb: running in $dir (pid $(cat "$pidfile"))"; else echo "mariadb: not running in $dir"; exit 1; fi
    ;;
  *)
    usage
    ;;
esac
