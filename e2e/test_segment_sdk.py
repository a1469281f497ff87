"""The official Segment Python SDK, pointed at Tandem, delivers every call exactly once."""

import uuid

from segment.analytics.client import Client


def make_client(server, errors):
    return Client(
        write_key=server.write_key,
        host=server.url,
        on_error=lambda error, batch: errors.append(error),
        max_retries=3,
        upload_size=100,
    )


def test_identify_track_page_and_a_batch_arrive_exactly_once(server):
    errors = []
    client = make_client(server, errors)
    user = f"user-{uuid.uuid4()}"
    anonymous = f"anon-{uuid.uuid4()}"
    ids = {}

    # An anonymous visit first, then the visitor identifies: the page view moves to the lead.
    ids["page"] = str(uuid.uuid4())
    client.page(anonymous_id=anonymous, name="Pricing", properties={"url": "https://acme.example/pricing?utm_source=google&utm_campaign=spring"}, message_id=ids["page"])
    ids["identify"] = str(uuid.uuid4())
    client.identify(user_id=user, anonymous_id=anonymous, traits={"email": "Ann.Lee@Acme.example", "name": "Ann Lee", "title": "VP Marketing"}, message_id=ids["identify"])
    ids["track"] = str(uuid.uuid4())
    client.track(user_id=user, event="Demo Requested", properties={"plan": "enterprise"}, message_id=ids["track"])
    # A batch: 250 calls queued at once go out as several /v1/batch requests.
    batch_ids = [str(uuid.uuid4()) for _ in range(250)]
    for index, message_id in enumerate(batch_ids):
        client.track(user_id=user, event="Feature Used", properties={"n": index}, message_id=message_id)
    client.flush()
    assert errors == []

    for kind, message_id in ids.items():
        events = server.events(message_id=message_id)
        assert len(events) == 1, kind
    page = server.events(message_id=ids["page"])[0]
    assert page["type"] == "page"
    assert page["campaign"] == {"name": "spring", "source": "google"}
    assert page["properties"]["name"] == "Pricing"

    lead = server.api("/api/v1/leads")["data"]
    assert [l["email"] for l in lead] == ["Ann.Lee@Acme.example"]
    lead_events = server.events(lead_id=lead[0]["id"])
    assert len(lead_events) == 3 + 250
    assert {e["message_id"] for e in lead_events} == set(ids.values()) | set(batch_ids)
    assert lead[0]["title"] == "VP Marketing"


def test_a_resent_batch_is_stored_once(server):
    errors = []
    client = make_client(server, errors)
    message_ids = [str(uuid.uuid4()) for _ in range(20)]
    for attempt in range(2):
        for message_id in message_ids:
            client.track(anonymous_id="visitor-1", event="Clicked", message_id=message_id)
        client.flush()
    assert errors == []
    assert len(server.events(anonymous_id="visitor-1")) == 20


def test_gzip_bodies_are_accepted(server):
    errors = []
    client = Client(write_key=server.write_key, host=server.url, on_error=lambda e, b: errors.append(e), gzip=True, max_retries=1)
    client.track(anonymous_id="zipped", event="Compressed", message_id="gz-1")
    client.flush()
    assert errors == []
    assert len(server.events(message_id="gz-1")) == 1


def test_an_unknown_write_key_is_refused_and_reported(server):
    errors = []
    client = Client(write_key="not-a-key", host=server.url, on_error=lambda e, b: errors.append(e), max_retries=0)
    client.track(anonymous_id="x", event="Nope")
    client.flush()
    assert len(errors) == 1
    assert "unknown write key" in str(errors[0])
    assert server.events(anonymous_id="x") == []
