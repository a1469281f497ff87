"""RudderStack's Python SDK speaks the same protocol: gzip bodies by default, identify traits in
context.traits, and it accepts exactly 200 as success."""

import uuid

from rudderstack.analytics.client import Client


def test_rudderstack_identify_and_track_arrive_once(server):
    errors = []
    client = Client(write_key=server.write_key, host=server.url, on_error=lambda e, b: errors.append(e), max_retries=2)
    user = f"rudder-{uuid.uuid4()}"
    identify_id, track_id = str(uuid.uuid4()), str(uuid.uuid4())
    client.identify(user_id=user, traits={"email": "bo@globex.example", "firstName": "Bo"}, message_id=identify_id)
    client.track(user_id=user, event="Webinar Attended", properties={"webinar": "Q4 launch"}, message_id=track_id)
    client.flush()
    assert errors == []
    assert len(server.events(message_id=identify_id)) == 1
    assert len(server.events(message_id=track_id)) == 1
    leads = server.api("/api/v1/leads")["data"]
    assert [(lead["email"], lead["first_name"], lead["user_id"]) for lead in leads] == [("bo@globex.example", "Bo", user)]
    assert {event["message_id"] for event in server.events(lead_id=leads[0]["id"])} == {identify_id, track_id}
