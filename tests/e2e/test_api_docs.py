"""The API's interactive documentation renders from the site's own files, under its strict CSP."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_the_api_docs_render_their_operations_and_run_one_under_the_sites_policy(
    open_context, live_site
):
    context = open_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))

    response = page.goto("/api/v3/docs/")
    assert response.status == 200
    assert "script-src 'self';" in response.headers["content-security-policy"]
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() > 10
    expect(page.get_by_text("/api/v3/trainings/", exact=True).first).to_be_visible()

    # Try one read-only operation for real: Swagger UI calls the API from the page.
    operation = page.locator(".opblock-get").filter(has_text="/api/v3/checklists/current/").first
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name=re.compile("try it out", re.I)).click()
    operation.get_by_role("button", name=re.compile("execute", re.I)).click()
    expect(
        operation.locator(".live-responses-table tbody .response-col_status").first
    ).to_have_text(re.compile(r"^\s*200"))
    assert problems == []
    assert context.request_guard.foreign == []
