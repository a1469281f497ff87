"""Operations with the real binary: graceful shutdown loses nothing acknowledged; CLI import/export."""

import json
import os
import subprocess
import tempfile
import threading
import time
import uuid

import requests
from openapi_spec_validator import validate as validate_openapi

from conftest import Server, tandem


def test_sigterm_finishes_in_flight_requests_and_loses_nothing_acknowledged():
    with tempfile.TemporaryDirectory() as directory:
        server = Server(f"sqlite://{directory}/shutdown.db")
        acknowledged, stop = [], threading.Event()

        def send():
            session = requests.Session()
            while not stop.is_set():
                ids = [str(uuid.uuid4()) for _ in range(100)]
                body = {"batch": [{"type": "track", "anonymousId": "load", "event": "Tick", "messageId": i} for i in ids]}
                try:
                    response = session.post(f"{server.url}/v1/batch", json=body, headers={"Authorization": server.basic_auth}, timeout=10)
                except requests.RequestException:
                    return
                if response.status_code == 200:
                    acknowledged.extend(ids)

        senders = [threading.Thread(target=send) for _ in range(4)]
        for thread in senders:
            thread.start()
        time.sleep(1.5)
        code = server.stop()
        stop.set()
        for thread in senders:
            thread.join(timeout=15)
        assert code == 0
        assert len(acknowledged) > 0

        server.start()
        try:
            stored = {event["message_id"] for event in server.events(anonymous_id="load")}
        finally:
            server.stop()
        assert set(acknowledged) <= stored


def test_migrate_is_idempotent_and_bad_urls_are_explained():
    with tempfile.TemporaryDirectory() as directory:
        database = f"sqlite://{directory}/m.db"
        first = tandem("migrate", database=database)
        assert "Applied: CreateAccountTable" in first.stdout
        assert "up to date" in tandem("migrate", database=database).stdout
        bad = tandem("migrate", database="mysql://nope", check=False)
        assert bad.returncode != 0
        assert "invalid database URL" in bad.stderr


def test_a_revoked_api_key_stops_working_at_once(server):
    listed = tandem("keys", "list", database=server.database).stdout
    assert "e2e-admin" in listed and server.api_key not in listed
    key_id = next(line.split("\t")[0] for line in listed.splitlines() if line.endswith("e2e-admin"))
    assert requests.get(f"{server.url}/api/v1/leads", headers={"Authorization": f"Bearer {server.api_key}"}, timeout=5).status_code == 200
    tandem("keys", "revoke", key_id, database=server.database)
    refused = requests.get(f"{server.url}/api/v1/leads", headers={"Authorization": f"Bearer {server.api_key}"}, timeout=5)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthorized"
    assert tandem("keys", "revoke", key_id, database=server.database, check=False).returncode != 0


def test_health_metrics_and_openapi(server):
    assert requests.get(f"{server.url}/healthz", timeout=5).json()["status"] == "ok"
    document = requests.get(f"{server.url}/openapi.json", timeout=5).json()
    assert document["openapi"].startswith("3.1")
    validate_openapi(document)  # raises with the path of the first problem
    requests.post(f"{server.url}/v1/track", json={"userId": "u", "event": "E"}, headers={"Authorization": server.basic_auth}, timeout=5)
    metrics = requests.get(f"{server.url}/metrics", timeout=5).text
    assert 'tandem_ingest_messages_total{outcome="stored"} 1' in metrics


def test_cli_import_reports_bad_lines_and_exits_non_zero_and_export_streams_them_back():
    with tempfile.TemporaryDirectory() as directory:
        database = f"sqlite://{directory}/cli.db"
        csv_path = os.path.join(directory, "contacts.csv")
        with open(csv_path, "w", encoding="utf-8-sig") as file:
            file.write("First Name,Last Name,Email,Lifecycle Stage,Contact owner\n")
            file.write("Ann,Lee,ann@acme.example,marketingqualifiedlead,Bob\n")
            file.write("Bo,Ng,broken-address,lead,\n")
            file.write("Cy,Oh,cy@acme.example,customer,Bob\n")
        result = tandem("import", "leads", csv_path, database=database, check=False)
        assert result.returncode == 1
        assert "line 3: email:" in result.stderr
        assert "Imported 2 leads" in result.stdout

        exported = tandem("export", "leads", "--format", "jsonl", database=database).stdout.splitlines()
        leads = [json.loads(line) for line in exported]
        assert [(lead["email"], lead["stage"]) for lead in leads] == [("ann@acme.example", "mql"), ("cy@acme.example", "customer")]
        csv = tandem("export", "leads", database=database).stdout.splitlines()
        assert csv[0].startswith("id,email,")
        assert len(csv) == 3

        events_path = os.path.join(directory, "events.jsonl")
        with open(events_path, "w") as file:
            file.write(json.dumps({"type": "track", "userId": "u1", "event": "Imported", "messageId": "e1"}) + "\n")
            file.write("{not json\n")
            file.write(json.dumps({"type": "track", "userId": "u1", "messageId": "e2"}) + "\n")
        result = tandem("import", "events", events_path, database=database, check=False)
        assert result.returncode == 1
        assert "line 2:" in result.stderr and "line 3: event:" in result.stderr
        again = tandem("import", "events", events_path, database=database, check=False)
        assert "Stored 0 events; 1 duplicates" in again.stdout
        exported = [json.loads(line) for line in tandem("export", "events", "--format", "jsonl", database=database).stdout.splitlines()]
        assert [(e["messageId"], e["event"]) for e in exported] == [("e1", "Imported")]
