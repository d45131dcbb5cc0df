"""Schemathesis against the OpenAPI document, calling a real server over the shipped corpus.

Every generated request (valid and invalid) must get no 5xx and a response that matches the document.
Bounded to a few dozen examples per operation so the suite stays fast.
"""

from __future__ import annotations

import json
import urllib.request

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from app.api.openapi import openapi_document
from app.content import load_vocabulary
from app.settings import declared_int
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

# the same function builds the served document; test_served_document_is_this_one checks that
MAX_QUERY_LENGTH = declared_int("MAX_QUERY_LENGTH")  # the server below runs with the default
schema = schemathesis.openapi.from_dict(openapi_document(load_vocabulary(ROOT / "practices"), MAX_QUERY_LENGTH))


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_matches_its_openapi_document(case, shipped_server):  # type: ignore[no-untyped-def]
    # every check, negative data rejection included: an empty or non-ASCII value is a 400 (issue 16)
    case.call_and_validate(base_url=shipped_server.url)


def test_served_document_is_the_one_tested(shipped_server):  # type: ignore[no-untyped-def]
    with urllib.request.urlopen(shipped_server.url + "/api/v1/openapi.json") as response:
        served = json.load(response)
    expected = json.loads(json.dumps(openapi_document(load_vocabulary(ROOT / "practices"), MAX_QUERY_LENGTH,
                                                 shipped_server.url)))

    def region_enum(doc):  # type: ignore[no-untyped-def]
        params = doc["paths"]["/api/v1/search"]["get"]["parameters"]
        region = next(p for p in params if p["name"] == "region")
        return region["schema"]["items"].pop("enum")

    # the served document also lists the regions that entries carry outside the vocabulary
    assert set(region_enum(served)) >= set(region_enum(expected))
    assert served == expected
