"""Calls a deployed keyway gateway with the official OpenAI SDK for Python (pip install openai).

    export KEYWAY_URL=$(pulumi stack output url)
    export KEYWAY_TOKEN=$(pulumi stack output accessToken --show-secrets)
    python examples/clients/openai_client.py
"""

import os

from openai import OpenAI

client = OpenAI(base_url=os.environ["KEYWAY_URL"], api_key=os.environ["KEYWAY_TOKEN"])

raw = client.chat.completions.with_raw_response.create(
    model="gpt-4o-mini", messages=[{"role": "user", "content": "Say hello in five words."}]
)
print(raw.parse().choices[0].message.content)
print("served by key", raw.headers.get("x-keyway-provider-key-id"), "after", raw.headers.get("x-keyway-attempts"), "attempt(s)")

stream = client.chat.completions.create(
    model="gpt-4o-mini", messages=[{"role": "user", "content": "Count to five."}], stream=True
)
for chunk in stream:
    if chunk.choices:
        print(chunk.choices[0].delta.content or "", end="", flush=True)
print()
