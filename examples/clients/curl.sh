#!/usr/bin/env bash
# Calls a deployed keyway gateway with curl: a buffered answer (with keyway's headers), then a stream.
#
#   export KEYWAY_URL=$(pulumi stack output url)
#   export KEYWAY_TOKEN=$(pulumi stack output accessToken --show-secrets)
#   bash examples/clients/curl.sh
set -euo pipefail
: "${KEYWAY_URL:?set KEYWAY_URL to the gateway URL (pulumi stack output url)}"
: "${KEYWAY_TOKEN:?set KEYWAY_TOKEN to an access token (pulumi stack output accessToken --show-secrets)}"

curl -sS -i "$KEYWAY_URL/chat/completions" \
  -H "Authorization: Bearer $KEYWAY_TOKEN" -H "content-type: application/json" \
  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello in five words."}]}'
echo

curl -sS -N "$KEYWAY_URL/chat/completions" \
  -H "Authorization: Bearer $KEYWAY_TOKEN" -H "content-type: application/json" \
  -d '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Count to five."}]}'
