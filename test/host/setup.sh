#!/usr/bin/env bash
# Installs everything the real-VS-Code tests need, using only Debian apt and the npm registry
# (no download from Microsoft, nodejs.org or the Playwright CDN):
#   - apt: build-essential python3 pkg-config libkrb5-dev chromium curl fonts-wqy-microhei (only the missing ones)
#   - Node 24 from the npm package "node" (code-server 4.139 needs Node 24; the repo's Node 20 stays)
#   - code-server (VS Code server + web workbench), compiled against that Node 24
#   - playwright-core (drives Debian's chromium; no browser download)
# into <repo>/.vscode-host/ (gitignored; override with AISA_HOST_DIR). Idempotent: a second run
# reuses what is there and takes about a second. Non-interactive (CI=true, no stdin is fine).
# Usage: bash test/host/setup.sh
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HOST=${AISA_HOST_DIR:-$REPO/.vscode-host}
NODE_VERSION=${AISA_HOST_NODE_VERSION:-24.21.0}
CS_VERSION=${AISA_HOST_CODE_SERVER_VERSION:-4.139.1}
PW_VERSION=${AISA_HOST_PLAYWRIGHT_VERSION:-1.65.1}
# fonts-wqy-microhei: CJK glyphs (1.6 MB), so the zh-cn scenario's screenshots show Chinese, not boxes.
APT_PACKAGES=(build-essential python3 pkg-config libkrb5-dev chromium curl fonts-wqy-microhei)
CHROMIUM=${CHROME_EXE:-/usr/lib/chromium/chromium}

export DEBIAN_FRONTEND=noninteractive
# Under `npm test`, the outer npm exports npm_config_* and npm_lifecycle_* variables; the inner
# installs would inherit them as config. npm_config_user_agent in particular names the outer
# Node 20, and code-server's postinstall reads its Node version from there and refuses.
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -E '^(npm_|NODE$|INIT_CWD$)' || true)
mkdir -p "$HOST"
HOST=$(cd "$HOST" && pwd)
T0=$SECONDS

# One setup at a time per host dir (two terminals or parallel CI jobs on one runner).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$HOST/.setup.lock"
  flock 9
fi

step() { # step "label" cmd args...
  local label=$1 s=$SECONDS; shift
  "$@"
  echo "### $label took $((SECONDS - s))s"
}

# ---------------------------------------------------------------- 1) system packages
missing=()
for p in "${APT_PACKAGES[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO=(sudo -n)
  else
    echo "setup.sh: missing apt packages: ${missing[*]}" >&2
    echo "  install them as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  # Wait for another apt/dpkg run (e.g. unattended upgrades) instead of failing on its lock.
  APT_OPTS=(-q -o DPkg::Lock::Timeout=900)
  apt_update() {
    local i
    for i in 1 2 3 4 5 6; do
      "${SUDO[@]}" apt-get "${APT_OPTS[@]}" update </dev/null && return 0
      echo "apt-get update failed (attempt $i), retrying in 10s" >&2; sleep 10
    done
    return 1
  }
  echo "apt packages to install: ${missing[*]}"
  step "apt-get update" apt_update
  step "apt-get install ${missing[*]}" "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "${missing[@]}" </dev/null
fi
[ -x "$CHROMIUM" ] || { echo "setup.sh: $CHROMIUM not found (Debian package chromium)" >&2; exit 1; }

command -v npm >/dev/null 2>&1 || { echo "setup.sh: npm not found on PATH (install Node 20 + npm first)" >&2; exit 1; }
# npm 11.19 warns that dependency install scripts are "not covered by allowScripts" and newer npm
# blocks them, which would silently break the node and code-server installs; older npm ignores
# the unknown flag with a warning.
NPM=(npm install --no-audit --no-fund --no-update-notifier --dangerously-allow-all-scripts)

npm_dir() { # a private npm project per tool, so npm never walks up into the repo's package.json
  mkdir -p "$1"
  [ -f "$1/package.json" ] || echo '{ "private": true, "description": "aisa vscode test host (generated)" }' >"$1/package.json"
}

# ---------------------------------------------------------------- 2) Node 24 from npm
find_nodedir() { # the node-linux-<arch> package holds bin/node and the headers node-gyp needs
  local d
  for d in "$HOST"/node/node_modules/node/node_modules/node-linux-* "$HOST"/node/node_modules/node-linux-*; do
    [ -x "$d/bin/node" ] && { echo "$d"; return 0; }
  done
  return 1
}
NODEDIR=$(find_nodedir || true)
if [ -z "$NODEDIR" ] || [ "$("$NODEDIR/bin/node" -v 2>/dev/null)" != "v$NODE_VERSION" ]; then
  rm -rf "$HOST/node"
  npm_dir "$HOST/node"
  step "npm install node@$NODE_VERSION" "${NPM[@]}" --prefix "$HOST/node" "node@$NODE_VERSION" </dev/null
  NODEDIR=$(find_nodedir) || { echo "setup.sh: node-linux-* not found under $HOST/node" >&2; exit 1; }
fi
NODE=$NODEDIR/bin/node
[ -f "$NODEDIR/include/node/node.h" ] || { echo "setup.sh: no headers in $NODEDIR/include" >&2; exit 1; }
echo "node: $NODE ($("$NODE" -v))"

# ---------------------------------------------------------------- 3) code-server
CS_PKG=$HOST/cs/node_modules/code-server
CS_ENTRY=$CS_PKG/out/node/entry.js
CS_STAMP=$HOST/cs/.installed-$CS_VERSION-node$NODE_VERSION
if ! [ -f "$CS_STAMP" ] || ! [ -f "$CS_ENTRY" ]; then
  rm -rf "$HOST/cs"
  npm_dir "$HOST/cs"
  # Node 24 first on PATH: code-server's postinstall compiles native modules (spdlog, sqlite3,
  # kerberos, node-pty, ...) for the node it finds; nodedir = headers, or node-gyp tries to
  # download them from nodejs.org and fails. About 2 minutes on 2 cores.
  step "npm install code-server@$CS_VERSION" env PATH="$NODEDIR/bin:$PATH" npm_config_nodedir="$NODEDIR" \
    "${NPM[@]}" --prefix "$HOST/cs" "code-server@$CS_VERSION" </dev/null
  # smoke test; HOME/XDG in a scratch dir because code-server writes a default config on any start
  scratch=$HOST/cs/.version-check
  v=$(env -u VSCODE_IPC_HOOK_CLI HOME="$scratch" XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" \
    "$NODE" "$CS_ENTRY" --version 2>&1 | grep -E "^$CS_VERSION " || true)
  rm -rf "$scratch"
  [ -n "$v" ] || { echo "setup.sh: code-server --version does not report $CS_VERSION" >&2; exit 1; }
  touch "$CS_STAMP"
fi
echo "code-server: $CS_VERSION"

# ---------------------------------------------------------------- 4) playwright-core
PW_PKG=$HOST/pw/node_modules/playwright-core
if [ "$("$NODE" -p "require('$PW_PKG/package.json').version" 2>/dev/null || true)" != "$PW_VERSION" ]; then
  rm -rf "$HOST/pw"
  npm_dir "$HOST/pw"
  # playwright-core has no install script; browsers are never downloaded (Debian's chromium is used).
  step "npm install playwright-core@$PW_VERSION" env PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    "${NPM[@]}" --prefix "$HOST/pw" "playwright-core@$PW_VERSION" </dev/null
fi
echo "playwright-core: $PW_VERSION, chromium: $CHROMIUM"

echo "### setup took $((SECONDS - T0))s (host dir: $HOST)"
