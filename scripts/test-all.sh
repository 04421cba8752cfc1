#!/usr/bin/env bash
# `npm test`: every layer, in order, each timed; fails if any layer fails.
#   typecheck → lint → build → unit/emulator/CLI (mocha) → grammar → extension host (code-server)
#   → UI end-to-end (Playwright + Chromium on code-server) → package (.vsix) → installed .vsix activates
# The closing line is "N passed, N failed" summed over the layers (CI reads it).
# Env: QUALYS_TEST_SKIP="e2e vsix" skips layers by name (for local iteration only).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export FORCE_COLOR=0 npm_config_update_notifier=false
LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/qualys-test-all.XXXXXX")"
TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()

skipped() { [[ " ${QUALYS_TEST_SKIP:-} " == *" $1 "* ]]; }

# run_layer NAME COUNTER COMMAND... — COUNTER parses the layer's log into "passed failed".
run_layer() {
  local name="$1" counter="$2"
  shift 2
  if skipped "$name"; then
    SUMMARY+=("$(printf '%-10s skipped (QUALYS_TEST_SKIP)' "$name")")
    return 0
  fi
  local log="$LOG_DIR/$name.log" start end rc passed failed
  echo
  echo "=== $name: $* ==="
  start=$(date +%s)
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  end=$(date +%s)
  read -r passed failed < <("$counter" "$log" "$rc")
  # A non-zero exit is a failure even when the log shows no failing test.
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  local status=ok
  [ "$rc" -ne 0 ] && status=FAILED
  SUMMARY+=("$(printf '%-10s %-6s %4d passed %4d failed  %4ds' "$name" "$status" "$passed" "$failed" $((end - start)))")
}

# A step without tests counts as one check.
count_step() { if [ "$2" -eq 0 ]; then echo "1 0"; else echo "0 1"; fi; }
count_mocha() {
  local p f
  p=$(grep -Eo '^ *[0-9]+ passing' "$1" | tail -1 | grep -Eo '[0-9]+' || true)
  f=$(grep -Eo '^ *[0-9]+ failing' "$1" | tail -1 | grep -Eo '[0-9]+' || true)
  echo "${p:-0} ${f:-0}"
}
count_tagged() {
  local line
  line=$(grep -Eo 'HOST-RESULT passed=[0-9]+ failed=[0-9]+' "$1" | tail -1 || true)
  if [ -z "$line" ]; then echo "0 0"; return; fi
  echo "$(sed -E 's/.*passed=([0-9]+).*/\1/' <<<"$line") $(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$line")"
}
count_grammar() {
  local p f
  # vscode-tmgrammar-test prints one line per file: ✓ passed / ✖ failed.
  p=$(grep -c '✓' "$1" || true)
  f=$(grep -c '✖' "$1" || true)
  if [ "$2" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then f=1; fi
  echo "${p:-0} ${f:-0}"
}

run_layer typecheck count_step npx tsc -b
run_layer lint count_step npx eslint .
run_layer build count_step node scripts/build.mjs
run_layer mocha count_mocha npx mocha
if node -e 'process.exit(require("./package.json").scripts["test:grammar"] ? 0 : 1)'; then
  run_layer grammar count_grammar npm run --silent test:grammar
fi
run_layer setup count_step bash scripts/setup-code-server.sh
run_layer host count_tagged npx tsx test/host/runInCodeServer.ts
run_layer e2e count_mocha npx mocha --config test/e2e/.mocharc.json
VSIX="$ROOT/dist-vsix/qualys-policy.vsix"
run_layer package count_step npm run --silent package
run_layer vsix count_tagged npx tsx test/host/runInCodeServer.ts --vsix "$VSIX"
# Packaging built dist/ for production; leave the development build (with source maps) behind.
node scripts/build.mjs >/dev/null 2>&1 || true

echo
if [ "$TOTAL_FAILED" -eq 0 ]; then
  rm -rf "$LOG_DIR"
  echo "=== summary ==="
else
  echo "=== summary (logs of each layer: $LOG_DIR) ==="
fi
printf '%s\n' "${SUMMARY[@]}"
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ]
