#!/usr/bin/env bash
# `npm start`: the extension working end to end with no Qualys account.
# Installs what is missing, builds, starts the Qualys emulator and code-server (VS Code in the
# browser) with the extension installed and signed in to the emulator, opens .sandbox/workspace
# (seeded from examples/) and prints the URL. Ctrl-C stops everything it started, by PID.
# Env: QUALYS_SANDBOX_PORT (code-server, default 8080, or a free port when taken),
#      QUALYS_EMULATOR_PORT (default 0 = a free port).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SANDBOX="$ROOT/.sandbox"
WORKSPACE="$SANDBOX/workspace"
USER_DATA="$SANDBOX/user-data"
EXTENSIONS="$SANDBOX/extensions"
EMULATOR_USER=emulator
EMULATOR_PASSWORD=emulator
PIDS=()

log() { echo "[sandbox] $*" >&2; }

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do
    # Each child leads its own process group (setsid): this ends what it spawned too.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
trap 'stop_all' EXIT
trap 'echo; log "stopping"; exit 130' INT TERM

# wait_for_line FILE REGEX PID WHAT — prints the first match of REGEX once FILE has it.
wait_for_line() {
  local file="$1" re="$2" pid="$3" what="$4" i match
  for ((i = 0; i < 600; i++)); do
    match="$(grep -Eo "$re" "$file" 2>/dev/null | head -1 || true)"
    if [ -n "$match" ]; then echo "$match"; return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then log "$what exited; its log ($file):"; tail -20 "$file" >&2; return 1; fi
    sleep 0.1
  done
  log "$what did not start within 60 s; see $file"
  return 1
}

# 1. Install what is missing.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/setup-code-server.sh >/dev/null
ENTRY="$ROOT/.cache/code-server/node_modules/code-server/out/node/entry.js"

# 2. Build.
log "building"
node scripts/build.mjs

mkdir -p "$SANDBOX" "$WORKSPACE" "$USER_DATA/User" "$EXTENSIONS"

# 3. The emulator.
: >"$SANDBOX/emulator.log"
setsid node dist/cli.js emulator --port "${QUALYS_EMULATOR_PORT:-0}" >>"$SANDBOX/emulator.log" 2>&1 &
PIDS+=($!)
EMULATOR_URL="$(wait_for_line "$SANDBOX/emulator.log" 'http://127\.0\.0\.1:[0-9]+' "${PIDS[-1]}" emulator)"
log "emulator at $EMULATOR_URL"

# 4. The extension, installed the way VS Code lays out extensions (a link, so rebuilds show on reload).
VERSION="$(node -p 'require("./package.json").version')"
find "$EXTENSIONS" -maxdepth 1 -name 'qualys-policy.qualys-policy-*' ! -name "qualys-policy.qualys-policy-$VERSION" -exec rm -f {} \;
ln -sfn "$ROOT" "$EXTENSIONS/qualys-policy.qualys-policy-$VERSION"

# User settings: keep whatever the user changed, point the extension at this run's emulator.
EMULATOR_URL="$EMULATOR_URL" EMULATOR_USER="$EMULATOR_USER" node - "$USER_DATA/User/settings.json" <<'NODE'
const fs = require('fs');
const file = process.argv[2];
let settings = {};
if (fs.existsSync(file)) {
  try { settings = JSON.parse(fs.readFileSync(file, 'utf8')); }
  catch { fs.copyFileSync(file, file + '.bak'); console.error(`[sandbox] ${file} was not valid JSON; kept a copy as settings.json.bak`); }
}
Object.assign(settings, {
  'qualysPolicy.platform': process.env.EMULATOR_URL,
  'qualysPolicy.username': process.env.EMULATOR_USER,
});
for (const [k, v] of Object.entries({ 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, 'extensions.ignoreRecommendations': true, 'git.openRepositoryInParentFolders': 'never' })) {
  if (!(k in settings)) settings[k] = v;
}
fs.writeFileSync(file + '.tmp', JSON.stringify(settings, null, 2));
fs.renameSync(file + '.tmp', file);
NODE

# 5. The workspace: examples copied once; the user's edits are never overwritten.
cp -rn "$ROOT/examples/." "$WORKSPACE/"

# 6. code-server on 127.0.0.1.
PORT="${QUALYS_SANDBOX_PORT:-8080}"
if ! node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(1));s.listen(+process.argv[1],"127.0.0.1",()=>s.close())' "$PORT"; then
  log "port $PORT is taken; using a free one"
  PORT=0
fi
printf 'auth: none\n' >"$SANDBOX/code-server.yaml"
: >"$SANDBOX/code-server.log"
QUALYS_PASSWORD="$EMULATOR_PASSWORD" setsid node "$ENTRY" \
  --config "$SANDBOX/code-server.yaml" --auth none --bind-addr "127.0.0.1:$PORT" \
  --user-data-dir "$USER_DATA" --extensions-dir "$EXTENSIONS" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$WORKSPACE" >>"$SANDBOX/code-server.log" 2>&1 &
PIDS+=($!)
SERVER_URL="$(wait_for_line "$SANDBOX/code-server.log" 'http://127\.0\.0\.1:[0-9]+' "${PIDS[-1]}" code-server)"

cat <<EOF

  Qualys Policy sandbox is running.

    Open:      $SERVER_URL/?folder=$WORKSPACE
    Signed in: $EMULATOR_USER @ $EMULATOR_URL (the local Qualys emulator)
    Logs:      .sandbox/code-server.log, .sandbox/emulator.log

  Press Ctrl-C to stop.

EOF
# Stay in the foreground until Ctrl-C or until either process ends.
wait -n "${PIDS[@]}" || true
log "a sandbox process exited; stopping the rest (logs in .sandbox/)"
