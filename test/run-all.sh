#!/usr/bin/env bash
# The one command that runs every test on a fresh machine (README: `npm test`).
# It installs what is missing: Node 22 (when the system Node is older), npm dependencies,
# moto (Secrets Manager) in a local virtualenv, and the Lambda emulator and runtime client in .tools/.
# Then it builds, type-checks, lints and runs vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

source cli/ensure-node.sh

# Python tools: moto (a real Secrets Manager) and the OpenAI Python SDK (a real client).
if [ ! -x .venv/bin/python ] || ! cmp -s test/requirements.txt .venv/requirements.installed; then
  echo "keyway test: installing test/requirements.txt into .venv/" >&2
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r test/requirements.txt >&2
  cp test/requirements.txt .venv/requirements.installed
fi
export KEYWAY_MOTO_SERVER="$root/.venv/bin/moto_server"

# The official AWS Lambda Runtime Interface Emulator (go install) and Node.js runtime interface client
# (npm aws-lambda-ric, a native build) in .tools/, for test/integration/lambda-rie.
bash test/support/lambda-rie/install-emulator.sh >/dev/null

echo "keyway test: node $(node -v), building and type-checking" >&2
npx tsc -p tsconfig.build.json
npx tsc -p tsconfig.json --noEmit
npx biome check .
exec npx vitest run "$@"
