"""The sales inbox in a real browser: a rep answers the hand-offs scoring gave them."""

import re

from playwright.sync_api import expect

from conftest import sign_in

SALES = "priya@northwind.example"
MARKETING = "maya@northwind.example"


def test_a_rep_rejects_with_a_reason_and_accepts_in_one_step(page, demo_server):
    page.watch.expect_status(422)
    sign_in(page, demo_server, SALES)
    page.goto(demo_server.url + "/inbox")
    items = page.locator("ol.inbox > li")
    assert items.count() >= 2, "the demo hands this rep some MQLs"
    first = items.nth(0)
    first_id = first.get_attribute("id")
    assert re.search(r"left|overdue by", first.locator(".sla").inner_text())
    # The explanation loads when the card is opened.
    first.locator("summary", has_text="Why these scores").click()
    expect(first.locator(".rules li").first).to_be_visible()
    assert first.locator(".rules li").count() >= 1, "the fit rules that hold are listed"
    assert first.locator("table.awards tr, p.sub", has_text=re.compile(r"\S")).count() >= 1, "the engagement part is there"
    page.watch.screenshot("inbox")

    # A rejection needs a reason: the form comes back with the error beside the field.
    first.get_by_role("button", name="Reject").click()
    item = page.locator(f"#{first_id}")
    error = item.locator("p.error")
    assert error.inner_text() == "Choose why you reject this lead."
    assert item.get_by_label("Reject because").get_attribute("aria-invalid") == "true"
    page.watch.screenshot("reject-without-reason")

    item.get_by_label("Reject because").select_option("not_ready_yet")
    item.get_by_label("Comment").fill("Evaluating again next quarter")
    item.get_by_role("button", name="Reject").click()
    page.wait_for_url(re.compile(r"done=rejected"))
    assert "rejected" in page.locator(".notice").inner_text()
    assert page.locator(f"#{first_id}").count() == 0, "an answered hand-off leaves the inbox"
    rejected_id = first_id.removeprefix("lead-")

    second = page.locator("ol.inbox > li").first
    second_id = second.get_attribute("id").removeprefix("lead-")
    second_name = second.locator("h2").inner_text()
    second.get_by_role("button", name="Accept").click()
    page.wait_for_url(re.compile(r"done=accepted"))
    assert page.locator(f"#lead-{second_id}").count() == 0
    assert page.locator(".notice").inner_text().startswith(f"{second_name} accepted"), "the confirmation names the lead"

    page.goto(f"{demo_server.url}/leads/{second_id}")
    assert page.locator("#current-stage").inner_text() == "SAL"
    assert "accepted" in page.locator("#handoff").inner_text()
    page.goto(f"{demo_server.url}/leads/{rejected_id}")
    assert page.locator("#current-stage").inner_text() == "Recycled"
    assert "Not ready yet: Evaluating again next quarter" in page.locator(".history").inner_text()
    page.watch.screenshot("recycled-lead")


def test_marketing_reads_the_scoring_model_and_every_open_hand_off(page, demo_server):
    sign_in(page, demo_server, MARKETING)
    page.goto(demo_server.url + "/inbox")
    assert page.locator("h1").inner_text() == "Open hand-offs"
    assert page.locator("ol.inbox > li").count() >= 1
    assert page.get_by_role("button", name="Accept").count() == 0, "only the rep answers"
    page.goto(demo_server.url + "/scoring")
    assert "Requested a demo" in page.locator("main").inner_text()
    assert page.get_by_label("Model document").input_value().startswith("call_now:")
    page.watch.screenshot("scoring")


def test_the_whole_queue_pages_to_its_last_item_and_filters(page, demo_server):
    sign_in(page, demo_server, MARKETING)
    page.goto(demo_server.url + "/inbox")
    count = page.locator("#inbox-count").inner_text()
    total = int(re.search(r"of ([\d,]+) open hand-offs", count).group(1).replace(",", ""))
    assert total > 25, "the demo's queue is longer than a page"
    seen = page.locator("ol.inbox > li").count()
    adopted = page.locator("ol.inbox .adopted").count()
    assert seen == 25
    while page.get_by_role("link", name="Next →").count():
        page.get_by_role("link", name="Next →").click()
        page.wait_for_load_state()
        seen += page.locator("ol.inbox > li").count()
        adopted += page.locator("ol.inbox .adopted").count()
    assert seen == total, "every open hand-off is on some page"
    # The demo's MQLs from before Tandem say so, so nobody reads them against today's thresholds.
    assert 0 < adopted < total
    assert re.search(rf"–{total} of", page.locator("#inbox-count").inner_text().replace(",", ""))
    page.watch.screenshot("inbox-last-page")

    page.goto(demo_server.url + "/inbox")
    page.get_by_label("Overdue").check()
    page.wait_for_url(re.compile(r"overdue=1"))
    slas = page.locator("ol.inbox .sla").all_inner_texts()
    assert slas and all(text.startswith("overdue by") for text in slas)
    page.get_by_label("Grade").select_option("A")
    page.wait_for_url(re.compile(r"grade=A"))
    grades = page.locator("ol.inbox .grade").all_inner_texts()
    assert all(grade.startswith("A") for grade in grades)
    page.get_by_role("link", name="Clear").click()
    page.wait_for_url(re.compile(r"/inbox$"))
    page.get_by_label("Rep").select_option(label="Priya Nair")
    page.wait_for_url(re.compile(r"rep=priya"))
    owners = {text.split(" · ")[0] for text in page.locator("ol.inbox > li > p.sub").all_inner_texts()}
    assert owners == {"Handed to Priya Nair"}


def test_rescoring_progress_updates_without_wiping_a_draft(page, demo_server):
    sign_in(page, demo_server, "admin@northwind.example")
    page.goto(demo_server.url + "/scoring")
    document = page.get_by_label("Model document")
    draft = document.input_value()
    # Saving a draft not previewed shows its preview first; the save button then says what it does.
    page.get_by_role("button", name="Save and re-score").click()
    page.wait_for_load_state()
    expect(page.locator("#preview")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Save and re-score: ")).click()
    page.wait_for_url(re.compile(r"saved=\d+"))
    url = page.url
    document.fill(draft + "\n# a draft being typed")
    # The progress updates in place until the re-scoring ends; the page is never reloaded.
    expect(page.locator("#rescore-status")).to_have_text(re.compile(r"^done"), timeout=120_000)
    assert page.url == url
    assert document.input_value().endswith("# a draft being typed")
    assert page.locator("#rescore-progress").get_attribute("value") == "100"


def test_a_rep_logs_a_call_and_sees_it_in_the_timeline(page, demo_server):
    sign_in(page, demo_server, SALES)
    page.goto(demo_server.url + "/inbox")
    page.locator("ol.inbox > li h2 a, ol.inbox > li h3 a").first.click()
    page.wait_for_load_state()
    name = page.locator("h1").inner_text()
    page.get_by_label("Activity type").select_option("call")
    page.get_by_label("Outcome").select_option("left_voicemail")
    page.get_by_label("Minutes").fill("3")
    page.get_by_label("Subject").fill("First call")
    page.get_by_label("Notes").fill("Left a message about the pricing page.\nTry again Thursday.")
    page.get_by_role("button", name="Log activity").click()
    page.wait_for_url(re.compile(r"logged=call"))
    assert page.locator(".notice").inner_text() == f"Call with {name} logged."
    newest = page.locator("#timeline > li").first
    assert newest.locator(".team-badge").inner_text() == "Sales"
    assert "Call · Left a voicemail" in newest.inner_text()
    assert "First call · 3 min · by Priya Nair" in newest.inner_text()
    assert "Try again Thursday." in newest.inner_text()
    page.watch.screenshot("activity-logged")

    # A note with an outcome is refused beside its fields, and what was typed stays.
    page.watch.expect_status(422)
    page.get_by_label("Activity type").select_option("note")
    page.get_by_label("Outcome").select_option("held")
    page.get_by_label("Notes").fill("")
    page.get_by_role("button", name="Log activity").click()
    page.wait_for_load_state()
    assert page.locator("#a-outcome-error").inner_text() == "a note has no outcome"
    assert page.locator("#a-notes-error").inner_text() == "a note needs its text"
    assert page.get_by_label("Activity type").input_value() == "note"


def test_a_team_lead_moves_a_hand_off_within_the_team_on_a_phone(page, demo_server):
    sign_in(page, demo_server, "sam@northwind.example")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_server.url + "/inbox")
    page.get_by_role("link", name=re.compile("Hand-offs of Sales — North America")).click()
    expect(page.locator("h1")).to_have_text("Hand-offs of Sales — North America")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1, "the team's queue fits a phone"
    owners = page.locator("ol.inbox > li p.sub", has_text="Handed to").all_inner_texts()
    assert owners and all(
        re.match(r"Handed to (Sam Rivera|Priya Nair|Tom Walsh) ·", text) for text in owners
    ), "only the team's hand-offs"
    card = page.locator("ol.inbox > li", has_text="Handed to Tom Walsh").first
    name = card.locator("h2").inner_text()
    lead_id = card.get_attribute("id").removeprefix("lead-")
    options = card.get_by_label("Reassign to").locator("option").all_inner_texts()
    assert set(options) == {"Sam Rivera", "Priya Nair", "Tom Walsh"}, "the team's reps, no one else"
    card.get_by_label("Reassign to").select_option(label="Sam Rivera")
    card.get_by_role("button", name="Reassign").click()
    page.wait_for_url(re.compile(r"reassigned="))
    assert page.locator(".notice").inner_text().startswith(f"{name} reassigned to Sam Rivera")
    page.watch.screenshot("team-lead-reassigned")
    # Now his own, the lead's page opens for him.
    page.goto(f"{demo_server.url}/leads/{lead_id}")
    expect(page.locator("#current-stage")).to_have_text("MQL")
