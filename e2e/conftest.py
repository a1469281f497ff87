"""Fixtures that run the real `tandem` binary on a temporary SQLite database."""

import base64
import os
import signal
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

TANDEM = os.environ.get("TANDEM_BIN", os.path.join(os.path.dirname(__file__), "..", ".build", "debug", "tandem"))


def tandem(*args, database, check=True):
    """Runs a tandem command and returns its completed process."""
    result = subprocess.run(
        [TANDEM, *args, "--database", database], capture_output=True, text=True, timeout=120
    )
    if check and result.returncode != 0:
        raise AssertionError(f"tandem {' '.join(args)} failed: {result.stderr}")
    return result


class Server:
    """A running `tandem serve` with a write key and an admin API key."""

    def __init__(self, database):
        self.database = database
        self.write_key = tandem("keys", "create", "--kind", "write", "--name", "e2e", database=database).stdout.strip().splitlines()[-1]
        self.api_key = tandem("keys", "create", "--kind", "api", "--name", "e2e-admin", database=database).stdout.strip().splitlines()[-1]
        self.process = None
        self.start()

    def start(self):
        env = dict(os.environ, TANDEM_LOG_LEVEL="warning")
        self.process = subprocess.Popen(
            [TANDEM, "serve", "--port", "0", "--database", self.database],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )
        line = self.process.stdout.readline()
        assert "listening on" in line, f"server did not start: {line!r} {self.process.stderr.read() if self.process.poll() is not None else ''}"
        self.url = line.strip().split()[-1]

    def stop(self, timeout=30):
        """SIGTERM, as a service manager would; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def api(self, path, **params):
        response = requests.get(f"{self.url}{path}", params=params, headers={"Authorization": f"Bearer {self.api_key}"}, timeout=30)
        response.raise_for_status()
        return response.json()

    def events(self, **params):
        """Every event matching the filters, following the cursor."""
        found, cursor = [], None
        while True:
            query = dict(params, limit=1000)
            if cursor:
                query["cursor"] = cursor
            page = self.api("/api/v1/events", **query)
            found += page["data"]
            cursor = page["next_cursor"]
            if not cursor:
                return found

    @property
    def basic_auth(self):
        return "Basic " + base64.b64encode(f"{self.write_key}:".encode()).decode()


POSTGRES = os.environ.get("TANDEM_TEST_POSTGRES_URL")
ENGINES = ["sqlite"] + (["postgres"] if POSTGRES else [])


def psql(sql):
    subprocess.run(["psql", POSTGRES, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True, timeout=60)


@pytest.fixture(params=ENGINES)
def server(request):
    """A server on SQLite, and on PostgreSQL too when the test script started one."""
    if request.param == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            running = Server(f"sqlite://{directory}/e2e.db")
            yield running
            running.stop()
        return
    name = f"tandem_e2e_{uuid.uuid4().hex[:10]}"
    psql(f"CREATE DATABASE {name}")
    running = Server(POSTGRES.rsplit("/", 1)[0] + f"/{name}")
    try:
        yield running
    finally:
        running.stop()
        psql(f"DROP DATABASE IF EXISTS {name}")
