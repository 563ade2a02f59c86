"""Validates the OpenAPI document a running `placard serve` publishes, and
checks it against the routes the server really answers. Run by .ci/run:

    python3 tests/check_openapi.py http://127.0.0.1:PORT

The document must be valid OpenAPI 3 (openapi-spec-validator, from PyPI);
every documented method and path must reach a handler (the server answers
an unknown route with "no such route"); and a few routes that are not
documented must not exist.
"""

import json
import sys
import urllib.error
import urllib.request

from openapi_spec_validator import validate


def request(base: str, method: str, path: str) -> tuple[int, str]:
    req = urllib.request.Request(base + path, method=method, data=b"{}" if method in ("POST", "PUT") else None)
    req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def reaches_a_handler(status: int, body: str) -> bool:
    if status == 405:
        return False
    if status == 404:
        return "no such route" not in body
    return True


def main() -> None:
    base = sys.argv[1].rstrip("/")
    status, text = request(base, "GET", "/openapi.json")
    assert status == 200, f"/openapi.json answered {status}"
    document = json.loads(text)
    validate(document)
    assert document["openapi"].startswith("3."), document["openapi"]

    checked = 0
    for path, item in document["paths"].items():
        concrete = path.replace("{id}", "1")
        for method in item:
            status, body = request(base, method.upper(), concrete)
            assert reaches_a_handler(status, body), f"{method.upper()} {path}: {status} {body[:200]}"
            checked += 1
    for method, path in [("GET", "/api/nothing"), ("POST", "/api/events"), ("DELETE", "/api/events/1")]:
        status, body = request(base, method, path)
        assert not reaches_a_handler(status, body), f"{method} {path} is served but not documented"
    print(f"openapi.json: valid OpenAPI {document['openapi']}; {checked} documented operations all served")


if __name__ == "__main__":
    main()
