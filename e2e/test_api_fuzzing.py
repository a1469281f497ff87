"""Schemathesis generates requests from our own OpenAPI document, valid and invalid, and checks
that no answer is a server error and every answer matches what the document says."""

import os
import subprocess
import sys
import tempfile

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def schemathesis(server, *arguments):
    binary = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    # Schemathesis keeps a cache in its working directory: give it a throwaway one.
    with tempfile.TemporaryDirectory() as workdir:
        result = subprocess.run(
            [binary, "run", f"{server.url}/openapi.json", "--checks", CHECKS, "--max-examples", "25", "--seed", "1", *arguments],
            capture_output=True, text=True, timeout=600, env=dict(os.environ, NO_COLOR="1"), cwd=workdir,
        )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_rest_api_holds_to_its_openapi_document(server):
    schemathesis(server, "--include-path-regex", "^/api", "-H", f"Authorization: Bearer {server.api_key}")


def test_the_tracking_api_holds_to_its_openapi_document(server):
    schemathesis(server, "--include-path-regex", "^/v1", "--auth", f"{server.write_key}:")
