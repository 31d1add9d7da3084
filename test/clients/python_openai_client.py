"""Calls a keyway gateway with the official OpenAI Python SDK, as an app would.

Usage: python python_openai_client.py <base_url> <token> [model]
Prints one JSON object: what the SDK returned for a buffered call, a streamed call, the model list
and a call with a bad key, plus the keyway headers of the buffered call.
"""

import json
import sys

import openai


def main() -> None:
    base_url, token = sys.argv[1], sys.argv[2]
    model = sys.argv[3] if len(sys.argv) > 3 else "gpt-4o-mini"
    client = openai.OpenAI(base_url=base_url, api_key=token, max_retries=0, timeout=20)
    result: dict = {}

    raw = client.chat.completions.with_raw_response.create(
        model=model, messages=[{"role": "user", "content": "Say hello."}]
    )
    completion = raw.parse()
    result["buffered"] = {
        "content": completion.choices[0].message.content,
        "headers": {name: value for name, value in raw.headers.items() if name.startswith("x-keyway-")},
    }

    stream = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": "Count."}], stream=True
    )
    result["streamed"] = "".join(
        chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices
    )

    result["models"] = sorted(model.id for model in client.models.list())

    try:
        openai.OpenAI(base_url=base_url, api_key="kw-not-a-real-token", max_retries=0).chat.completions.create(
            model=model, messages=[{"role": "user", "content": "Hi"}]
        )
        result["badKey"] = None
    except openai.AuthenticationError as error:
        result["badKey"] = {"status": error.status_code, "code": error.code}

    print(json.dumps(result))


if __name__ == "__main__":
    main()
