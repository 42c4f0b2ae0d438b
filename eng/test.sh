#!/usr/bin/env bash
# Runs every test of Fencepost. Installs what the tests need when it is missing
# (PostgreSQL server binaries, Debian's Chromium, npm packages), so it works on a
# fresh Debian/Ubuntu machine that has only the .NET SDK.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else echo "test.sh: need root (or sudo) to run: $*" >&2; return 1
  fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# PostgreSQL: the fixture looks for initdb on PATH or in `pg_config --bindir`.
have_pg() {
  command -v initdb >/dev/null 2>&1 && return 0
  command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ] && return 0
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}
if [ -z "${FENCEPOST_TEST_POSTGRES:-}" ] && ! have_pg; then
  echo "test.sh: installing PostgreSQL server binaries"
  apt_install postgresql
fi

# Chromium for the console's browser tests.
if [ -d tests/Console.Web.Browser.Tests ] && ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing Debian's Chromium"
  apt_install chromium
fi

# npm packages, each from its committed lockfile: dynalite (a DynamoDB-API server) for the
# cluster tests, and the Temporal TypeScript SDK for Engine.TypeScriptSdk.Tests.
for npm_project in tests/tools tests/Engine.TypeScriptSdk.Tests/ts; do
  if [ -f "$npm_project/package.json" ] && [ ! -d "$npm_project/node_modules" ]; then
    echo "test.sh: installing the npm packages of $npm_project"
    (cd "$npm_project" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet test Console.sln -c Release --nologo \
  --logger "trx" --results-directory "$results" \
  -- RunConfiguration.TreatNoTestsAsError=true || status=$?

# One closing line that any CI can read: "tests: N passed, N failed, N skipped".
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  status=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
