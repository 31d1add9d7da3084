#!/usr/bin/env bash
# `npm start`: runs `keyway serve` from this checkout on a fresh machine (Node 22 and npm dependencies
# installed when missing, then a build). Arguments go to `keyway serve` (npm start -- --port 0).
set -euo pipefail
cd "$(dirname "$0")/.."
source cli/ensure-node.sh
npx tsc -p tsconfig.build.json
exec node dist/cli/keyway.js serve "$@"
