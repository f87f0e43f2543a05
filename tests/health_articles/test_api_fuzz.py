"""schemathesis against the API's own OpenAPI schema: every response conforms, none is a 500.

Bounded: a fixed number of examples per operation (about a minute in all), so it
runs in CI with the rest of the suite. `SCHEMATHESIS_EXAMPLES` raises it locally.
"""

import os

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "100"))


@pytest.fixture
def api_schema(demo):
    # The requests run in this test's transaction, as with Django's test client,
    # which likewise keeps Django from closing the connection after each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def operations():
    return [
        "/api/v1/collections/{handle}/articles/",
        "/api/v1/articles/",
        "/api/v1/articles/{article_id}/",
    ]


@pytest.mark.parametrize("mode", list(GenerationMode))
@pytest.mark.parametrize("path", operations())
def test_api_conforms_to_its_schema(api_schema, path, mode):
    """Valid and invalid input alike: documented status, content type and body; never a 500."""
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate()

    check()


def test_every_operation_is_fuzzed(api_schema):
    documented = {f"{r.ok().method.upper()} {r.ok().path}" for r in api_schema.get_all_operations()}
    assert documented == {f"GET {path}" for path in operations()}
