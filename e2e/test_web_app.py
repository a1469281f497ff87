"""The web app in a real browser: Debian's chromium driven by Playwright, against the real binary."""

import re

from playwright.sync_api import expect

from conftest import sign_in

ADMIN = "admin@northwind.example"
MARKETING = "maya@northwind.example"
SALES = "priya@northwind.example"


def test_first_admin_is_created_on_the_first_visit(page, empty_server):
    page.watch.expect_status(422)
    page.goto(empty_server.url + "/")
    page.wait_for_url(re.compile(r"/setup$"))
    page.watch.screenshot("setup")
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Work email").fill("ada@example.com")
    page.get_by_label("Password (at least 10 characters)").fill("short")
    page.get_by_label("Password again").fill("short")
    page.get_by_role("button", name="Create the admin account").click()
    assert page.locator("#password-error").inner_text() == "the password needs at least 10 characters"
    assert page.get_by_label("Work email").input_value() == "ada@example.com"
    page.get_by_label("Password (at least 10 characters)").fill("analytical engine")
    page.get_by_label("Password again").fill("analytical engine")
    page.get_by_role("button", name="Create the admin account").click()
    page.wait_for_url(empty_server.url + "/")
    assert "Ada Lovelace" in page.locator(".who").inner_text()
    page.watch.screenshot("dashboard-empty")
    page.goto(empty_server.url + "/settings/users")
    assert "ada@example.com" in page.locator("table").inner_text()


def test_sign_in_and_sign_out(page, demo_server):
    page.goto(demo_server.url + "/leads")
    page.wait_for_url(re.compile(r"/sign-in\?next=/leads"))
    page.watch.screenshot("sign-in")
    page.get_by_label("Email").fill(ADMIN)
    page.get_by_label("Password").fill("tandem-demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(demo_server.url + "/leads")
    assert page.get_by_role("heading", name="Leads").is_visible()
    page.goto(demo_server.url + "/")
    assert page.locator("main svg.chart").count() >= 3
    assert "Northwind Analytics" in page.title()
    page.watch.screenshot("dashboard")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/sign-in\?reason=signed-out"))
    assert page.get_by_role("status").inner_text() == "You are signed out."
    page.goto(demo_server.url + "/")
    page.wait_for_url(re.compile(r"/sign-in"))


def test_a_wrong_password_is_refused(page, demo_server):
    page.watch.expect_status(401)
    sign_in(page, demo_server, ADMIN, password="not-the-password")
    assert page.get_by_role("alert").inner_text() == "The email or the password is wrong."
    assert page.get_by_label("Email").input_value() == ADMIN
    page.watch.screenshot("wrong-password")
    page.goto(demo_server.url + "/")
    page.wait_for_url(re.compile(r"/sign-in"))


def test_sales_is_denied_admin_pages_and_sees_own_leads(page, demo_server):
    page.watch.expect_status(403)
    sign_in(page, demo_server, SALES)
    navigation = page.get_by_role("navigation", name="Main").inner_text()
    assert "My leads" in navigation and "Settings" not in navigation
    page.goto(demo_server.url + "/settings/users")
    assert page.get_by_role("heading", name="Not allowed").is_visible()
    assert "This page is for Admin users" in page.locator("main").inner_text()
    page.watch.screenshot("denied")
    page.goto(demo_server.url + "/leads")
    # Owners read as names: Priya's leads only.
    owners = page.locator("table.leads tbody tr td[data-label=Owner]").all_inner_texts()
    assert owners and set(owners) == {"Priya Nair"}
    page.goto(demo_server.url + "/leads?owner=sam@northwind.example")
    assert page.locator(".count").inner_text() == "No leads match."


def test_leads_list_filters_searches_and_pages(page, demo_server):
    sign_in(page, demo_server, MARKETING)
    page.goto(demo_server.url + "/leads")
    total = int(re.search(r"of ([\d,]+) leads", page.locator(".count").inner_text()).group(1).replace(",", ""))
    assert total == 5000
    page.get_by_label("Stage", exact=True).select_option("mql")
    page.wait_for_url(re.compile(r"stage=mql"))
    stages = page.locator("table.leads .stage").all_inner_texts()
    assert stages and set(stages) == {"MQL"}
    filtered = int(re.search(r"of ([\d,]+) leads", page.locator(".count").inner_text()).group(1).replace(",", ""))
    assert 0 < filtered < total
    page.watch.screenshot("filtered")
    page.get_by_label("Search").fill("gmail")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"q=gmail"))
    emails = page.locator("table.leads tbody td.lead-name .sub").all_inner_texts()
    assert emails and all("gmail" in email for email in emails)
    page.goto(demo_server.url + "/leads")
    page.get_by_role("link", name="Next →").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "Showing 51–100" in page.locator(".count").inner_text()


def test_leads_list_sorts_by_score_from_its_header(page, demo_server):
    sign_in(page, demo_server, MARKETING)
    page.goto(demo_server.url + "/leads")
    page.get_by_role("link", name="Grade").click()
    page.wait_for_url(re.compile(r"sort=score"))
    assert page.locator("th[aria-sort=descending]").text_content().startswith("Grade")
    rows = page.locator("table.leads tbody tr")
    assert rows.count() == 50
    grades = rows.locator(".grade").all_inner_texts()
    engagement = [int(text) for text in rows.locator("td[data-label=Engagement]").all_inner_texts()]
    assert len(grades) == len(engagement) == 50
    # Best letter first; within a letter, the most engaged first.
    for (grade, points), (next_grade, next_points) in zip(zip(grades, engagement), zip(grades[1:], engagement[1:])):
        assert grade[0] <= next_grade[0]
        assert grade[0] < next_grade[0] or points >= next_points
    # The hottest lead of the whole list heads it: no lead sorted by engagement alone beats it
    # within its letter.
    page.get_by_label("Sort by").select_option("engagement")
    page.wait_for_url(re.compile(r"sort=engagement"))
    hottest = [int(text) for text in page.locator("table.leads tbody td[data-label=Engagement]").all_inner_texts()]
    assert hottest == sorted(hottest, reverse=True)
    assert hottest[0] >= engagement[0]
    page.watch.screenshot("leads-by-score")


def test_lead_page_shows_the_timeline_and_changes_stage(page, demo_server):
    sign_in(page, demo_server, ADMIN)
    page.goto(demo_server.url + "/leads?stage=mql&sort=name")
    page.locator("table.leads tbody tr:first-child a").click()
    page.wait_for_url(re.compile(r"/leads/\d+$"))
    assert page.locator("#current-stage").inner_text() == "MQL"
    entries = page.locator("#timeline li")
    assert entries.count() >= 10
    assert page.locator("#timeline li.entry-stage").count() >= 2
    titles = page.locator("section.chart svg title").all_text_contents()
    assert titles[0] == "Engagement, last 13 weeks", "the score over time, against the MQL threshold"
    assert "MQL threshold" in page.locator("#score-chart").inner_text()
    assert any(title.startswith("Activity per week") for title in titles)
    page.watch.screenshot("lead")
    page.get_by_label("Move to").select_option("sal")
    page.get_by_role("button", name="Change stage").click()
    page.wait_for_url(re.compile(r"moved=1"))
    assert page.locator("#current-stage").inner_text() == "SAL"
    assert "MQL → SAL" in page.locator("#timeline").inner_text()
    page.goto(demo_server.url + "/settings/audit")
    assert "moved the lead from MQL to SAL" in page.locator("table.audit").inner_text()


def test_a_form_with_an_invalid_field_shows_the_error_beside_it(page, demo_server):
    page.watch.expect_status(422)
    sign_in(page, demo_server, ADMIN)
    page.goto(demo_server.url + "/settings/users")
    page.get_by_label("Name", exact=True).fill("Nia Okafor")
    page.get_by_label("Email").fill("nia@@northwind")
    page.get_by_label("First password (at least 10 characters; they can change it)").fill("long enough password")
    page.get_by_role("button", name="Add user").click()
    error = page.locator("#new-email-error")
    assert "is not a valid email address" in error.inner_text()
    assert page.get_by_label("Email").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Name", exact=True).input_value() == "Nia Okafor"
    page.watch.screenshot("invalid-field")
    assert "nia@" not in page.locator("table").inner_text()


PHONE_PAGES = [
    "/", "/leads", "/leads?sort=score", "/leads/1", "/inbox", "/accounts", "/accounts/1", "/scoring", "/profile",
    "/settings", "/settings/users", "/settings/keys", "/settings/handoff", "/settings/webhooks", "/settings/audit",
    "/scoring/versions/0", "/scoring/compare?from=0&to=0", "/leads/import", "/search?q=harbor",
]


def test_pages_fit_a_phone_and_start_with_a_skip_link(page, demo_server):
    sign_in(page, demo_server, ADMIN)
    page.set_viewport_size({"width": 390, "height": 844})
    too_wide = {}
    for path in PHONE_PAGES:
        page.goto(demo_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            too_wide[path] = overflow
        page.watch.screenshot("phone-" + (path.strip("/").replace("/", "-").replace("?", "-") or "dashboard"))
    assert not too_wide, f"wider than a phone (px): {too_wide}"
    # Chart text stays readable on a phone: the dashboard's axis labels are drawn at 10 px or more.
    page.goto(demo_server.url + "/")
    sizes = page.locator("section.chart svg text").evaluate_all(
        "texts => texts.map(t => t.getBoundingClientRect().height).filter(h => h > 0)"
    )
    assert sizes and min(sizes) >= 10, f"chart text heights on a phone: {sorted(sizes)[:5]}"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"


def test_a_reps_pages_fit_a_phone(page, demo_server):
    sign_in(page, demo_server, SALES)
    page.set_viewport_size({"width": 390, "height": 844})
    too_wide = {}
    for path in ["/", "/inbox", "/leads"]:
        page.goto(demo_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 1:
            too_wide[path] = overflow
        page.watch.screenshot("phone-sales-" + (path.strip("/") or "dashboard"))
    assert not too_wide, f"wider than a phone (px): {too_wide}"


def _listed(page):
    text = page.locator(".count").inner_text()
    if text == "No leads match.":
        return 0
    return int(re.search(r"of ([\d,]+) leads", text).group(1).replace(",", ""))


def test_every_dashboard_figure_opens_a_list_of_the_same_count(page, demo_server):
    sign_in(page, demo_server, MARKETING)
    page.goto(demo_server.url + "/")
    figures = page.locator("section.stats a.stat")
    assert figures.count() == 5
    for index in range(figures.count()):
        page.goto(demo_server.url + "/")
        figure = page.locator("section.stats a.stat").nth(index)
        value = int(figure.locator(".stat-value").inner_text().replace(",", ""))
        label = figure.locator(".stat-label").inner_text()
        figure.click()
        page.wait_for_url(re.compile(r"/leads"))
        assert _listed(page) == value, label

    # A rep's own figures open their own lists; the company's are not links to lists they cannot see whole.
    page.context.clear_cookies()
    sign_in(page, demo_server, SALES)
    page.goto(demo_server.url + "/")
    assert page.locator("section.stats a.stat").count() == 0
    links = page.locator("#mine-title + p a")
    assert links.count() == 4
    for index in range(links.count()):
        page.goto(demo_server.url + "/")
        link = page.locator("#mine-title + p a").nth(index)
        value = int(link.inner_text().split()[0].replace(",", ""))
        link.click()
        page.wait_for_url(re.compile(r"/leads"))
        assert _listed(page) == value, link


def test_the_header_searches_leads_and_accounts_with_a_space_in_the_words(page, demo_server):
    sign_in(page, demo_server, MARKETING)
    page.goto(demo_server.url + "/leads/2864")
    name = page.locator("h1").inner_text()
    company = page.locator(".facts a[href^='/accounts/']").first.inner_text()
    assert " " in name and " " in company
    search = page.get_by_role("searchbox", name="Find leads and accounts")
    search.fill(name.lower())
    search.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    assert name in page.locator("section[aria-labelledby=search-leads]").inner_text()
    page.get_by_role("searchbox", name="Leads and accounts", exact=True).fill(company)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search\?q="))
    assert company in page.locator("section[aria-labelledby=search-accounts]").inner_text()
    page.watch.screenshot("search")
    # The bell says how many notifications wait, on every page.
    assert page.locator("a.bell").get_attribute("aria-label").startswith("Notifications:")


def test_marketing_reassigns_a_selection_of_leads_in_bulk(page, demo_server):
    sign_in(page, demo_server, MARKETING)
    page.goto(demo_server.url + "/leads?stage=subscriber&sort=name")
    rows = page.locator("table.leads tbody tr")
    names = [rows.nth(index).locator("td a").first.inner_text() for index in range(3)]
    for index in range(3):
        rows.nth(index).get_by_role("checkbox").check()
    page.get_by_label("With the selected leads").select_option("assign")
    page.get_by_label("Assign to").select_option(label="Priya Nair")
    page.get_by_role("button", name="Run on the selected leads").click()
    page.wait_for_url(re.compile(r"assigned=3"))
    assert page.locator(".notice").inner_text() == "3 leads assigned to Priya Nair."
    assert "stage=subscriber" in page.url and "sort=name" in page.url, "the list stays as it was"
    rows = page.locator("table.leads tbody tr")
    for index, name in enumerate(names):
        assert rows.nth(index).locator("td a").first.inner_text() == name
        assert rows.nth(index).locator("td[data-label=Owner]").inner_text() == "Priya Nair"
    page.watch.screenshot("bulk-assigned")


def test_times_show_in_the_workspace_time_zone(page, demo_server):
    sign_in(page, demo_server, ADMIN)
    page.goto(demo_server.url + "/leads/1")
    newest = page.locator("#timeline time").first
    utc = newest.get_attribute("title")
    assert utc.endswith(" UTC"), utc
    page.goto(demo_server.url + "/settings")
    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    try:
        page.goto(demo_server.url + "/leads/1")
        tokyo = newest.get_attribute("title")
        assert not tokyo.endswith(" UTC"), tokyo
        utc_hour = int(re.search(r", (\d\d):\d\d ", utc).group(1))
        tokyo_hour = int(re.search(r", (\d\d):\d\d ", tokyo).group(1))
        assert tokyo_hour == (utc_hour + 9) % 24, (utc, tokyo)
        page.watch.screenshot("tokyo-time")
    finally:
        page.goto(demo_server.url + "/settings")
        page.get_by_label("Time zone").select_option("UTC")
        page.get_by_role("button", name="Save").click()
        page.wait_for_load_state()


def test_a_csv_uploaded_from_the_page_imports_and_names_its_bad_row(page, demo_server, tmp_path):
    sign_in(page, demo_server, MARKETING)
    upload = tmp_path / "trade-show.csv"
    upload.write_text(
        "Email Address,First Name,Last Name,Company Name,Badge Colour\n"
        "rio.park@harbor.example,Rio,Park,Harbor Labs,blue\n"
        "not-an-email,Bad,Row,Harbor Labs,red\n"
        "sam.ito@harbor.example,Sam,Ito,Harbor Labs,green\n"
    )
    page.goto(demo_server.url + "/leads")
    page.get_by_role("link", name="Import a CSV").click()
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and check the columns").click()
    page.wait_for_load_state()
    assert page.locator("#import-rows").inner_text() == "3"
    assert page.get_by_label("Email Address").input_value() == "email"
    assert page.get_by_label("Badge Colour").input_value() == "attr"
    page.get_by_label("Badge Colour").select_option("-")
    page.watch.screenshot("mapping")
    page.get_by_role("button", name="Import 3 rows").click()
    expect(page.locator("#import-report")).to_be_visible(timeout=60_000)
    assert page.locator("#import-created").inner_text() == "2"
    assert page.locator("#import-rejected").inner_text() == "1"
    rejected = page.locator("#rejected-rows tbody tr")
    assert rejected.count() == 1
    assert rejected.first.locator("td").first.inner_text() == "3"
    assert "not-an-email" in rejected.first.inner_text()
    page.watch.screenshot("import-report")
    page.goto(demo_server.url + "/leads?q=harbor.example")
    assert "of 2 leads" in page.locator(".count").inner_text()
