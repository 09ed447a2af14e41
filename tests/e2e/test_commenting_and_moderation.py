"""Scenario 2: a visitor comments, a moderator approves it from the admin's list, it appears.

A bot-like submission (the hidden honeypot field filled in) is refused and never reaches the
moderation list or the post.
"""

import re
import time
import uuid

import pytest

from .browsing import save_screenshot, sign_in

pytestmark = pytest.mark.e2e

# The comment form refuses submissions sent within 3 seconds of loading the page (a bot's pace).
HUMAN_PAUSE_SECONDS = 3.2


def write_comment(page, name: str, text: str) -> None:
    form = page.get_by_role("form", name="Leave a comment")
    form.get_by_role("textbox", name="Name").fill(name)
    form.get_by_role("textbox", name="Comment", exact=True).fill(text)


def test_a_visitors_comment_appears_once_a_moderator_approves_it_and_a_bots_never_does(
    page, open_context, staff_page, live_site
):
    from playwright.sync_api import expect

    post_url = live_site.require("post")
    token = uuid.uuid4().hex[:8]
    comment = f"Reading this helped me slow down today ({token})."
    bot_comment = f"Cheap pills at spam.example ({token})."

    # A visitor writes a comment and is told it awaits moderation.
    page.goto(post_url)
    write_comment(page, "Robin", comment)
    time.sleep(HUMAN_PAUSE_SECONDS)
    page.get_by_role("button", name="Send comment").click()
    comments = page.get_by_role("region", name="Comments")
    expect(comments.get_by_role("status")).to_contain_text("awaiting moderation")
    # They see their own comment, marked as waiting; nobody else does.
    own = comments.get_by_role("listitem").filter(has_text=comment)
    expect(own).to_contain_text("Awaiting moderation")
    stranger = open_context().new_page()
    stranger.goto(post_url)
    expect(stranger.get_by_text(comment)).to_have_count(0)

    # A bot fills in every field of the form, the hidden honeypot too.
    bot = open_context().new_page()
    bot.goto(post_url)
    write_comment(bot, "Best Deals", bot_comment)
    bot.get_by_role("form", name="Leave a comment").locator("input[name=website]").evaluate(
        "(field) => { field.value = 'https://spam.example/'; }"
    )
    time.sleep(HUMAN_PAUSE_SECONDS)
    bot.get_by_role("button", name="Send comment").click()
    bot.wait_for_load_state()
    expect(bot.get_by_role("status").filter(has_text="awaiting moderation")).to_have_count(0)

    # The moderator signs in and finds the comment in the moderation list.
    sign_in(staff_page, live_site.admin_username, live_site.admin_password)
    staff_page.get_by_role("link", name=re.compile(r"^Comments")).click()
    expect(staff_page.get_by_role("heading", name="Comments", level=1)).to_be_visible()
    save_screenshot(staff_page, "admin-moderation-list")
    # Both comments carry the token: searching for it finds the visitor's only.
    staff_page.get_by_role("textbox", name="Search term").fill(token)
    staff_page.get_by_role("textbox", name="Search term").press("Enter")
    staff_page.wait_for_url(re.compile(rf"[?&]q={token}"))
    staff_page.wait_for_load_state("networkidle")
    row = staff_page.get_by_role("row").filter(has_text=comment)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Awaiting moderation")
    expect(staff_page.get_by_role("row").filter(has_text=bot_comment)).to_have_count(0)

    # ... selects it and approves it.
    row.get_by_role("checkbox").check()
    staff_page.get_by_role("link", name="Approve the selected comments").click()
    staff_page.get_by_role("button", name=re.compile("yes", re.I)).click()
    row = staff_page.get_by_role("row").filter(has_text=comment)
    expect(row).to_contain_text("Approved")

    # The comment is on the post now; the bot's is not.
    page.goto(post_url)
    comments = page.get_by_role("region", name="Comments")
    expect(comments.get_by_text(comment)).to_be_visible()
    expect(comments.get_by_role("listitem").filter(has_text=comment)).to_contain_text("Robin")
    expect(page.get_by_text(bot_comment)).to_have_count(0)
    save_screenshot(page, "post-with-ratings-and-comments", full_page=True)
