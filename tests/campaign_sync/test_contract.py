"""Contract test: what the sync sent and the stand-in answered match Mailchimp's OpenAPI subset.

The subset lives outside the project (``../shared/mailchimp``); without it this test is skipped
loudly, and with REQUIRE_SHARED=1 (CI) it fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import require_shared
from jsonschema import Draft4Validator
from mailchimp_server import MailchimpStandIn, RecordedRequest
from referencing import Registry
from referencing.jsonschema import DRAFT4

from .conftest import Run, Site

SUBSET = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "mailchimp"
    / "marketing-api-3.0.76-subset.json"
)
BASE_URI = "urn:mailchimp-marketing-subset"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return json.loads(require_shared(SUBSET).read_text("utf-8"))


@pytest.fixture(scope="module")
def registry(spec: dict[str, Any]) -> Registry:
    return Registry().with_resource(BASE_URI, DRAFT4.create_resource(spec))


def validator(registry: Registry, schema: dict[str, Any]) -> Draft4Validator:
    """A Draft 4 validator whose ``#/components/...`` refs resolve inside the subset."""
    ref = schema["$ref"] if set(schema) == {"$ref"} else None
    assert ref and ref.startswith("#/"), f"expected a $ref schema, got {schema}"
    return Draft4Validator({"$ref": BASE_URI + ref}, registry=registry)


def operation(spec: dict[str, Any], request: RecordedRequest) -> dict[str, Any]:
    assert request.route in spec["paths"], f"{request.route} is not in the API description"
    operations = spec["paths"][request.route]
    assert request.method.lower() in operations, f"{request.method} {request.route} not in spec"
    return operations[request.method.lower()]


def errors(check: Draft4Validator, instance: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in check.iter_errors(instance)
    ]


def full_scenario(run: Run, server: MailchimpStandIn, site: Site) -> None:
    """Every call the sync makes: dry run, push, test, update, schedule, unschedule, send."""
    assert run().code == 0
    assert run(push=True).code == 0
    assert run(test_to="me@example.com,you@example.org").code == 0
    site.build_email(html='<html><body><p>Second draft</p><a href="*|UNSUB|*">x</a></body></html>')
    assert run(push=True).code == 0
    assert run(schedule="2031-07-01 09:00").code == 0
    assert run(unschedule=True).code == 0
    server.add_fault(method="POST", path=r"/actions/send$", status=503)
    assert run(send_now=True, yes=True).code == 0
    assert run(send_now=True, yes=True).code == 1  # refused: already sending


def test_every_accepted_request_body_matches_the_schema(
    run: Run, server: MailchimpStandIn, site: Site, spec: dict, registry: Registry
) -> None:
    full_scenario(run, server, site)
    accepted = [r for r in server.requests if r.accepted]
    checked = set()
    for request in accepted:
        op = operation(spec, request)
        body_spec = op.get("requestBody")
        if body_spec is None:
            assert request.body is None, f"{request.method} {request.route} takes no body"
            continue
        schema = body_spec["content"]["application/json"]["schema"]
        problems = errors(validator(registry, schema), request.body)
        assert problems == [], f"{request.method} {request.route}: {problems}"
        checked.add((request.method, request.route))
    assert checked == {
        ("POST", "/campaigns"),
        ("PATCH", "/campaigns/{campaign_id}"),
        ("PUT", "/campaigns/{campaign_id}/content"),
        ("POST", "/campaigns/{campaign_id}/actions/test"),
        ("POST", "/campaigns/{campaign_id}/actions/schedule"),
    }
    sends = server.calls("POST", "/campaigns/{campaign_id}/actions/send")
    assert [r.status for r in sends] == [503, 204]


def test_query_parameters_are_declared(
    run: Run, server: MailchimpStandIn, site: Site, spec: dict
) -> None:
    full_scenario(run, server, site)
    for request in server.requests:
        declared = {p["name"] for p in operation(spec, request).get("parameters", [])}
        assert set(request.query) <= declared, (request.route, request.query)


def test_stand_in_answers_match_the_response_schemas(
    run: Run, server: MailchimpStandIn, site: Site, spec: dict, registry: Registry
) -> None:
    full_scenario(run, server, site)
    for request in server.requests:
        op = operation(spec, request)
        if request.response is None:
            continue
        if request.accepted:
            if "fields" in request.query:
                continue  # a field-filtered answer is partial by design
            content = op["responses"][str(request.status)]["content"]
            schema = content["application/json"]["schema"]
        else:
            schema = op["responses"]["default"]["content"]["application/problem+json"]["schema"]
        problems = errors(validator(registry, schema), request.response)
        assert problems == [], f"{request.method} {request.route} {request.status}: {problems}"
    assert any(not r.accepted and r.response for r in server.requests)  # a problem was checked


def test_stand_in_campaigns_match_the_campaign_schema(
    run: Run, server: MailchimpStandIn, site: Site, spec: dict, registry: Registry
) -> None:
    assert run(push=True).code == 0
    server.add_campaign("specials-2026-03", status="sent")
    schema = spec["paths"]["/campaigns/{campaign_id}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    check = validator(registry, schema)
    for campaign in server.state.campaigns.values():
        assert errors(check, campaign) == []


def test_the_validator_catches_a_bad_body(spec: dict, registry: Registry) -> None:
    schema = spec["paths"]["/campaigns/{campaign_id}/actions/test"]["post"]["requestBody"]
    check = validator(registry, schema["content"]["application/json"]["schema"])
    assert errors(check, {"test_emails": ["a@b.co"], "send_type": "html"}) == []
    assert errors(check, {"test_emails": "a@b.co", "send_type": "pdf"}) != []
    create = spec["paths"]["/campaigns"]["post"]["requestBody"]["content"]["application/json"]
    bad = {"type": "regular", "recipients": {}, "settings": {"subject_line": 3}}
    assert len(errors(validator(registry, create["schema"]), bad)) == 2
