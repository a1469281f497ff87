"""A website on another origin sends to Tandem from a real browser, with `fetch` exactly as
Segment's analytics.js does: it loads the settings document, then posts `text/plain` bodies
with the write key inside, one message per short path (standard delivery) or all of them to
`/v1/b` (batching). Without CORS headers the fetch rejects and analytics.js retries forever."""

import http.server
import json
import threading

import pytest

SITE = """<!doctype html><html><head><title>Acme</title></head><body><p>Acme's pricing page</p><script>
async function send(api, key, mode) {
  const settings = await (await fetch(`${api}/v1/projects/${key}/settings`)).json();
  const target = settings.integrations["Segment.io"];
  const base = `${target.protocol}://${target.apiHost}`;
  const now = new Date().toISOString();
  const context = {page: {url: location.href}, library: {name: "analytics.js", version: "next-1.70.0"}};
  const messages = [
    {type: "page", path: "p", anonymousId: "anon-" + mode, messageId: mode + "-page", properties: {url: location.href + "?utm_campaign=spring"}},
    {type: "identify", path: "i", anonymousId: "anon-" + mode, userId: "user-" + mode, messageId: mode + "-identify", traits: {email: mode + "@acme.example"}},
    {type: "track", path: "t", anonymousId: "anon-" + mode, userId: "user-" + mode, messageId: mode + "-track", event: "Demo Requested"},
  ];
  const statuses = [];
  if (mode === "standard") {
    for (const {path, ...message} of messages) {
      const body = JSON.stringify({...message, context, timestamp: now, sentAt: now, writeKey: key});
      const response = await fetch(`${base}/${path}`, {keepalive: true, headers: {"Content-Type": "text/plain"}, method: "post", body});
      statuses.push(response.status);
    }
  } else {
    const batch = messages.map(({path, ...message}) => ({...message, context, timestamp: now}));
    const body = JSON.stringify({writeKey: key, batch, sentAt: now});
    const response = await fetch(`${base}/b`, {keepalive: true, headers: {"Content-Type": "text/plain"}, method: "post", body});
    statuses.push(response.status);
  }
  return statuses;
}
</script></body></html>"""


@pytest.fixture
def website():
    """A website on its own origin (another port of 127.0.0.1)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = SITE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site.server_address[1]}"
    site.shutdown()


@pytest.mark.parametrize("mode", ["standard", "batching"])
def test_a_page_on_another_origin_sends_as_analytics_js_does(server, website, page, mode):
    page.goto(f"{website}/pricing")
    statuses = page.evaluate("([api, key, mode]) => send(api, key, mode)", [server.url, server.write_key, mode])
    assert statuses == ([200, 200, 200] if mode == "standard" else [200])
    for kind in ("page", "identify", "track"):
        stored = server.events(message_id=f"{mode}-{kind}")
        assert len(stored) == 1, f"{mode}-{kind}: {stored}"
    # A retry (analytics.js resends from localStorage after a failure) is not stored twice.
    page.evaluate("([api, key, mode]) => send(api, key, mode)", [server.url, server.write_key, mode])
    assert len(server.events(message_id=f"{mode}-track")) == 1
    # The identify made a lead, and the page view before it moved onto the lead.
    assert server.events(message_id=f"{mode}-page")[0].get("lead_id")
