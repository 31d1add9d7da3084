#!/usr/bin/env bash
# Installs what test/integration/lambda-rie needs into .tools/, when missing or at another version:
# - the official AWS Lambda Runtime Interface Emulator, built from source with `go install` through the
#   Go module proxy into .tools/bin/aws-lambda-rie (Linux only, like the emulator itself);
# - the official Node.js runtime interface client (npm aws-lambda-ric) into .tools/lambda-ric/. It has a
#   native addon that its install scripts build from bundled curl and aws-lambda-cpp sources (needs
#   cmake, make, a C++ compiler); when npm skips install scripts, they are run here explicitly.
# Called by test/run-all.sh before vitest, and by the test's setup when something is missing.
# Prints the two paths as `rie=...` and `ric=...` on stdout; everything else goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/../../.."
root=$PWD

RIE_MODULE=github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie
# Pinned: the repository has no tagged module versions, so @latest is a moving pseudo-version.
RIE_VERSION=v0.0.0-20261030222936-bef5c4ba774d
RIC_VERSION=4.0.2

rie="$root/.tools/bin/aws-lambda-rie"
ric_dir="$root/.tools/lambda-ric"
ric_package="$ric_dir/node_modules/aws-lambda-ric"
ric="$ric_package/index.mjs"

mkdir -p "$root/.tools/bin"
# One installer at a time (vitest workers, a bench run and the test command may race).
exec 9>"$root/.tools/lambda-emulator.lock"
flock 9

if [ ! -x "$rie" ] || [ "$(cat "$rie.version" 2>/dev/null)" != "$RIE_VERSION" ]; then
  go_bin=$(command -v go || true)
  if [ -z "$go_bin" ] && [ -x /usr/local/go/bin/go ]; then go_bin=/usr/local/go/bin/go; fi
  if [ -z "$go_bin" ]; then
    echo "keyway test: Go is needed to build the AWS Lambda Runtime Interface Emulator, and none is installed" >&2
    exit 1
  fi
  # go keeps its build cache and modules under HOME; a bare environment without one uses .tools/.
  if [ -z "${HOME:-}" ]; then export GOPATH="$root/.tools/go" GOCACHE="$root/.tools/go-cache"; fi
  echo "keyway test: building aws-lambda-rie $RIE_VERSION with go install into .tools/bin/" >&2
  if ! output=$(GOBIN="$root/.tools/bin" GOFLAGS=-mod=mod "$go_bin" install "$RIE_MODULE@$RIE_VERSION" 2>&1); then
    echo "$output" >&2
    echo "keyway test: could not build aws-lambda-rie with \`go install $RIE_MODULE@$RIE_VERSION\`." >&2
    echo "  Is the Go module proxy reachable from here? (GOPROXY=$("$go_bin" env GOPROXY))" >&2
    exit 1
  fi
  echo "$RIE_VERSION" >"$rie.version"
fi

if [ ! -f "$ric_package/rapid-client.node" ] ||
  [ "$(node -p "require('$ric_package/package.json').version" 2>/dev/null)" != "$RIC_VERSION" ]; then
  echo "keyway test: installing aws-lambda-ric@$RIC_VERSION into .tools/lambda-ric/ (builds a native addon)" >&2
  mkdir -p "$ric_dir"
  [ -f "$ric_dir/package.json" ] || echo '{ "name": "keyway-lambda-ric", "private": true }' >"$ric_dir/package.json"
  if ! npm install --prefix "$ric_dir" --no-audit --no-fund --loglevel=error "aws-lambda-ric@$RIC_VERSION" >&2; then
    echo "keyway test: npm install aws-lambda-ric@$RIC_VERSION failed (is the npm registry reachable?)" >&2
    exit 1
  fi
  if [ ! -f "$ric_package/rapid-client.node" ]; then
    # npm versions that gate install scripts leave the addon unbuilt: run the package's own scripts.
    echo "keyway test: building aws-lambda-ric's native addon with its install scripts" >&2
    (cd "$ric_package" && sh scripts/preinstall.sh && sh scripts/postinstall.sh) >&2 || {
      echo "keyway test: aws-lambda-ric's native addon did not build (it needs cmake, make and a C++ compiler)" >&2
      exit 1
    }
  fi
fi

echo "rie=$rie"
echo "ric=$ric"
