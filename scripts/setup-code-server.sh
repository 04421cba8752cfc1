#!/usr/bin/env bash
# Installs code-server (VS Code 1.100.3 served to a browser) into .cache/code-server/, the way
# ../shared/notes/real-vscode-host.md verified: the npm registry is the only source, so every
# step that would download a binary from GitHub is skipped and satisfied locally instead.
# Idempotent: a marker file records the finished version; a second run does nothing.
# Usage: bash scripts/setup-code-server.sh        (prints the code-server entry path last)
set -euo pipefail

VERSION=4.100.3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOST_DIR="$ROOT/.cache/code-server"
MARKER="$HOST_DIR/.installed-$VERSION"
ENTRY="$HOST_DIR/node_modules/code-server/out/node/entry.js"

log() { echo "[setup-code-server] $*" >&2; }

# System packages: chromium drives the workbench, rg backs search, libkrb5-dev lets kerberos build.
ensure_apt_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    log "missing system packages: ${missing[*]} — install them with: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  local SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  log "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_apt_packages

if [ -f "$MARKER" ] && [ -f "$ENTRY" ]; then
  echo "$ENTRY"
  exit 0
fi

log "installing code-server $VERSION into $HOST_DIR (about a minute with a warm npm cache)"
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
mkdir -p "$HOST_DIR"
cd "$HOST_DIR"
[ -f package.json ] || echo '{ "name": "code-server-host", "private": true }' > package.json
# Its postinstall wants --unsafe-perm as root and downloads binaries: do its steps by hand below.
npm install "code-server@$VERSION" --ignore-scripts --loglevel=error
npm rebuild argon2 --loglevel=error

cd "$HOST_DIR/node_modules/code-server/lib/vscode"
npm install --omit=dev --ignore-scripts --loglevel=error
# @vscode/ripgrep's install script fetches rg from GitHub; Debian's rg serves the same purpose.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild --loglevel=error
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --loglevel=error)

touch "$MARKER"
log "done"
echo "$ENTRY"
