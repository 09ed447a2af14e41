"""Schemathesis drives every route of the OpenAPI spec in-process.

Every generated request (valid and invalid, reads and visitor writes) must get an answer that is
not a 5xx and whose body matches the schema the spec declares for its status.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from practice_site.models import StandardPage

MAX_EXAMPLES = 10


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
    case.call_and_validate(
        checks=[checks.not_a_server_error, checks.response_schema_conformance],
        headers={"Origin": "http://testserver"},
    )
