"""What a practice owner expects from day one, in the browser on the live demo:

- a visitor sends an enquiry from the contact page and the practice receives it by email;
- a flood of ratings from one network is held, and the owner removes it in the admin;
- a reader follows the journal, confirms, receives the next post once, and stops in one click.

The live server writes its emails to files (``LiveSite.emails``); commands a timer would run
(``send_follower_emails``) run against the same database.
"""

import json
import re
import time
import uuid

import pytest

from .browsing import sign_in

pytestmark = pytest.mark.e2e

# Forms refuse submissions sent within 3 seconds of loading the page (a bot's pace).
HUMAN_PAUSE_SECONDS = 3.2


def emails_to(live_site, address):
    return [message for message in live_site.emails() if address in str(message["To"])]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, pattern) -> str:
    found = re.search(pattern, text_of(message))
    assert found, text_of(message)
    return found.group(0)


def test_an_enquiry_from_the_contact_page_reaches_the_practice_by_email(page, live_site):
    from playwright.sync_api import expect

    token = uuid.uuid4().hex[:8]
    message = f"I am looking for evening sessions for my teenager ({token})."
    page.goto(live_site.url + "/en/contact/")
    form = page.locator("form.enquiry-form")
    expect(page.get_by_text("Please do not include clinical details").first).to_be_visible()
    form.get_by_label("Your name").fill("Sam Rivera")
    form.get_by_label("Your email address").fill(f"sam-{token}@example.org")
    form.get_by_label("What you are looking for").fill(message)
    form.get_by_role("checkbox").check()
    time.sleep(HUMAN_PAUSE_SECONDS)
    form.get_by_role("button", name="Send your message").click()

    expect(page.get_by_role("heading", name="Message sent", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your message has reached us")
    assert token not in page.content()  # never echoed back

    deadline = time.monotonic() + 10
    received = []
    while not received and time.monotonic() < deadline:
        received = [
            m for m in emails_to(live_site, "hello@willowandstone.example") if token in text_of(m)
        ]
        time.sleep(0.2)
    assert len(received) == 1
    email = received[0]
    assert email["Subject"] == "New enquiry from your website"
    assert message in text_of(email) and f"sam-{token}@example.org" in text_of(email)


def test_a_rating_flood_is_held_and_the_owner_removes_it_in_the_admin(
    browser, open_context, staff_page, live_site
):
    from playwright.sync_api import expect

    token = uuid.uuid4().hex[:8]
    post = live_site.demo_data(
        "new-post", f"flood-{token}", f"A quiet post {token}", "Not much here.", "Words."
    )
    api = f"{live_site.url}/api/v3/pages/{post['id']}/ratings/"

    # Six first-time visitors from one machine, each with a fresh cookie jar, give one star.
    for _ in range(6):
        context = open_context()
        answer = context.request.post(
            api,
            data=json.dumps({"stars": 1}),
            headers={"Content-Type": "application/json", "Origin": live_site.url},
        )
        assert answer.status == 201, answer.text()
    # A reader from elsewhere would count; here the flood counts only its first three.
    details = open_context().request.get(f"{live_site.url}/api/v3/pages/{post['id']}/").json()
    assert details["rating_summary"]["count"] == 3

    sign_in(staff_page, live_site.admin_username, live_site.admin_password)
    staff_page.get_by_role("link", name="Ratings", exact=True).first.click()
    expect(staff_page.get_by_role("heading", name="Ratings", level=1)).to_be_visible()
    staff_page.get_by_role("link", name=f"A quiet post {token}").click()
    expect(staff_page.get_by_text("3 held, not counted")).to_be_visible()
    expect(staff_page.locator("svg[role=img]")).to_be_visible()

    group = staff_page.get_by_role("row").filter(has_text="new visitor (no cookie yet)")
    expect(group).to_have_count(1)
    expect(group).to_contain_text("6")
    group.get_by_role("checkbox").check()
    staff_page.get_by_role("button", name="Remove these ballots").click()
    expect(staff_page.get_by_text("6 ballots removed")).to_be_visible()
    expect(staff_page.get_by_text("0 counted ratings")).to_be_visible()

    details = open_context().request.get(f"{live_site.url}/api/v3/pages/{post['id']}/").json()
    assert details["rating_summary"]["count"] == 0

    # The removal is in the post's history, with who did it.
    staff_page.goto(f"{live_site.url}/admin/pages/{post['id']}/history/")
    expect(staff_page.get_by_text("Removed 6 ratings (3 of them held)")).to_be_visible()


def test_a_follower_confirms_receives_the_next_post_once_and_stops_in_one_click(page, live_site):
    from playwright.sync_api import expect

    token = uuid.uuid4().hex[:8]
    address = f"reader-{token}@example.org"
    page.goto(live_site.require("blog_index"))
    follow = page.locator("#follow")
    follow.get_by_label(re.compile("email", re.I)).fill(address)
    time.sleep(HUMAN_PAUSE_SECONDS)
    follow.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("check your inbox")

    (confirmation,) = emails_to(live_site, address)
    page.goto(link_in(confirmation, r"https?://\S+/follow/confirm/\S+"))
    page.get_by_role("button", name="Yes, send me new posts").click()
    page.wait_for_load_state()

    post = live_site.demo_data(
        "new-post", f"news-{token}", f"Evening groups start {token}", "From next month.", "Words."
    )
    live_site.manage("send_follower_emails", "--no-progress")
    live_site.manage("send_follower_emails", "--no-progress")  # a second run sends nothing
    about_post = [
        m
        for m in emails_to(live_site, address)
        if token in str(m["Subject"]) or post["url"] in text_of(m)
    ]
    assert len(about_post) == 1
    email = about_post[0]
    assert email["List-Unsubscribe"]

    page.goto(link_in(email, r"https?://\S+/follow/stop/\S+"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("will not receive new posts")

    live_site.demo_data("new-post", f"later-{token}", f"Later {token}", "Again.", "Words.")
    live_site.manage("send_follower_emails", "--no-progress")
    assert len(emails_to(live_site, address)) == 2  # the confirmation and the one post
