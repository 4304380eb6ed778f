"""Schemathesis on the OpenAPI description that /ogc/api serves: whatever it generates from it, valid or not, is
answered without a 5xx, with a status, a content type and a body that the description declares, and what the
description forbids is refused."""

import json

import pytest
import schemathesis
from django.test import RequestFactory, override_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from layers import openapi

from ..fuzzing import fuzz_settings, wsgi_app  # noqa: F401
from .conftest import build_published_data

# The description as /ogc/api serves it: the view itself, without its ETag, which needs the database.
with override_settings(ALLOWED_HOSTS=["testserver"]):
    schema = schemathesis.openapi.from_dict(json.loads(openapi.openapi(RequestFactory().get("/ogc/api")).content))


@pytest.fixture
def ogc_app(wsgi_app):  # noqa: F811
    build_published_data()
    return wsgi_app


@schema.parametrize()
@fuzz_settings(examples=25)
def test_the_ogc_api_answers_whatever_its_openapi_description_generates_without_a_server_error(case, ogc_app):
    case.call_and_validate(
        app=ogc_app,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
            negative_data_rejection,
        ],
    )
