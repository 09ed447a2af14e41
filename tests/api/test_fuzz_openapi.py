"""Schemathesis drives every route of the OpenAPI spec in-process, with every check it has.

Every generated request (valid and invalid, reads and visitor writes) must get an answer that is
not a 5xx, whose status, content type, headers and body the spec declares; data the schema allows
is accepted and data it forbids refused; public reads need no token and the others refuse a
request without one. Deterministic (``derandomize``) and bounded (``MAX_EXAMPLES`` per route).
"""

from urllib.parse import parse_qs, urlsplit

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.core.failures import FailureGroup
from schemathesis.openapi.checks import RejectedPositiveData

from practice_site.models import StandardPage

MAX_EXAMPLES = 10
# Every check schemathesis registers, except the one that times answers (a loaded CI machine
# is not a fault of the API).
checks.load_all_checks()
ALL_CHECKS = [check for check in checks.CHECKS.get_all() if check is not checks.max_response_time]


# Building the spec needs no database, so it is loaded once, at collection.
schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", get_wsgi_application())


def _paths_without_possible_values(raw_schema):
    """Wagtail's snippet routes list the models that have API fields (or revisions) as the only
    values of their {type} parameter; with none of a kind, the parameter is the empty constant and
    no request can reach the route, so there is nothing to generate for it."""
    paths = []
    for path, operations in raw_schema["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter["schema"].get("const") == "":
                    paths.append(path)
    return sorted(set(paths))


for unreachable in _paths_without_possible_values(schema.raw_schema):
    schema = schema.exclude(path=unreachable)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI app directly, so Django's request_finished signal would close
    the database connection that holds the test's transaction (PostgreSQL; SQLite's in-memory
    database is never closed). Django's test client disconnects the same receiver."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def content(home, practice_settings):
    about = StandardPage(title="About", slug="about", show_in_menus=True)
    home.add_child(instance=about)
    about.save_revision().publish()
    return about


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_route_answers_with_a_server_error_or_off_schema(case, content):
    headers = {"Origin": "http://testserver"}
    response = case.call(headers=headers)
    try:
        case.validate_response(response, checks=ALL_CHECKS, headers=headers)
    except FailureGroup as group:
        remaining = [
            failure
            for failure in group.exceptions
            if not _wagtail_combination_refused(failure, response)
        ]
        if remaining:
            raise FailureGroup(remaining, str(group)) from None


# Every closed set of query values is an enum in the document, so a schema-valid request is
# accepted, with Wagtail's own exceptions, which OpenAPI has no way to state: its listings refuse
# two combinations of values each valid alone (``child_of`` with ``descendant_of`` on pages,
# ``order=random`` with an ``offset``), and a page filter (``ancestor_of``, ``child_of``,
# ``descendant_of``, ``translation_of``) naming an id that is no public page is a 422, not a 404
# (the document cannot list which ids are public pages; ``ancestor_of=1&child_of=1`` names the
# root, which no visitor may list). Only a 422 whose every error is that rule's own message, for
# a request holding those parameters, is let through.
PAGE_FILTERS = ("ancestor_of", "child_of", "descendant_of", "translation_of")
WAGTAIL_COMBINATION_RULES = (
    (
        lambda query: query.get("child_of") and query.get("descendant_of"),
        lambda error: error["msg"].endswith(
            "filtering by descendant_of with child_of is not supported."
        ),
    ),
    (
        lambda query: query.get("order") == ["random"] and query.get("offset", ["0"]) != ["0"],
        lambda error: error["msg"].endswith("random ordering with offset is not supported."),
    ),
    (
        lambda query: any(query.get(name) for name in PAGE_FILTERS),
        lambda error: (
            error.get("type") == "does_not_exist"
            and error.get("loc", [None])[-1] in PAGE_FILTERS
            and error["msg"] == f"No Page matches the given {error['loc'][-1]} value."
        ),
    ),
)


def _wagtail_combination_refused(failure, response):
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 422:
        return False
    query = parse_qs(urlsplit(response.request.url).query, keep_blank_values=True)
    errors = response.json().get("errors") or []
    return any(
        applies(query) and errors and all(matches(error) for error in errors)
        for applies, matches in WAGTAIL_COMBINATION_RULES
    )
