"""The stand-in behaves like the Marketing API v3 where the sync depends on it."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests
from mailchimp_server import FAKE_API_KEY, MailchimpStandIn

from .conftest import TITLE

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}
SERVER_SCRIPT = Path(__file__).resolve().parents[1] / "mailchimp_server.py"


class Api:
    """Tiny raw HTTP helper with the stand-in's key."""

    def __init__(self, server: MailchimpStandIn, key: str = FAKE_API_KEY):
        self.base = server.url
        self.auth = ("anyuser", key)

    def __call__(self, method: str, path: str, json: object = None, **params: object):
        return requests.request(
            method, self.base + path, json=json, params=params, auth=self.auth, timeout=5
        )


@pytest.fixture
def api(server: MailchimpStandIn) -> Api:
    return Api(server)


def new_campaign(api: Api, server: MailchimpStandIn, **settings: str) -> str:
    body = {"type": "regular", "recipients": {"list_id": server.audience_id}, "settings": settings}
    answer = api("POST", "/campaigns", body)
    assert answer.status_code == 200, answer.text
    return answer.json()["id"]


def ready_campaign(api: Api, server: MailchimpStandIn) -> str:
    campaign_id = new_campaign(
        api, server, title=TITLE, subject_line="S", from_name="C", reply_to="c@example.com"
    )
    html = '<p>x</p><a href="*|UNSUB|*">Unsubscribe</a>'
    assert api("PUT", f"/campaigns/{campaign_id}/content", {"html": html}).ok
    return campaign_id


def assert_problem(answer: requests.Response, status: int, detail_part: str = "") -> dict:
    assert answer.status_code == status
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    doc = answer.json()
    assert set(doc) >= PROBLEM_KEYS
    assert doc["status"] == status
    assert detail_part in doc["detail"]
    return doc


def test_wrong_key_is_401_problem_json(server: MailchimpStandIn) -> None:
    answer = Api(server, key="nope-us99")("GET", "/ping")
    assert_problem(answer, 401, "API key may be invalid")
    assert requests.get(server.url + "/ping", timeout=5).status_code == 401


def test_ping_and_list(api: Api, server: MailchimpStandIn) -> None:
    assert api("GET", "/ping").json() == {"health_status": "Everything's Chimpy!"}
    assert api("GET", f"/lists/{server.audience_id}").json()["id"] == server.audience_id
    assert_problem(api("GET", "/lists/nope"), 404, "could not be found")
    assert_problem(api("GET", "/nowhere"), 404)
    assert_problem(api("POST", "/ping"), 405)


def test_campaign_listing_filters_pages_and_picks_fields(
    api: Api, server: MailchimpStandIn
) -> None:
    server.add_list("other", "Other")
    ids = [server.add_campaign(f"t{n}", status="sent")["id"] for n in range(3)]
    draft = server.add_campaign("draft")["id"]
    server.add_campaign("elsewhere", list_id="other")
    page = api("GET", "/campaigns", list_id=server.audience_id, count=2, offset=1).json()
    assert page["total_items"] == 4
    assert [c["id"] for c in page["campaigns"]] == [ids[1], ids[2]]
    sent = api("GET", "/campaigns", list_id=server.audience_id, status="sent").json()
    assert sent["total_items"] == 3
    picked = api(
        "GET",
        "/campaigns",
        list_id=server.audience_id,
        status="save",
        fields="campaigns.id,campaigns.settings.title",
    ).json()
    assert picked == {"campaigns": [{"id": draft, "settings": {"title": "draft"}}]}
    assert_problem(api("GET", "/campaigns", count=1001), 400)


def test_create_validates_the_body(api: Api, server: MailchimpStandIn) -> None:
    assert_problem(api("POST", "/campaigns", {"recipients": {"list_id": server.audience_id}}), 400)
    doc = assert_problem(
        api("POST", "/campaigns", {"type": "regular", "recipients": {"list_id": "nope"}}), 400
    )
    assert doc["errors"][0]["field"] == "recipients.list_id"
    answer = requests.post(server.url + "/campaigns", data="{", auth=api.auth, timeout=5)
    assert_problem(answer, 400, "JSON")


def test_patch_requires_subject_from_name_and_reply_to(api: Api, server: MailchimpStandIn) -> None:
    campaign_id = new_campaign(api, server, title=TITLE)
    doc = assert_problem(
        api("PATCH", f"/campaigns/{campaign_id}", {"settings": {"title": "x"}}), 400
    )
    assert doc["errors"][0]["field"] == "settings.subject_line"
    settings = {"subject_line": "S", "from_name": "C", "reply_to": "c@example.com"}
    answer = api("PATCH", f"/campaigns/{campaign_id}", {"settings": settings})
    assert answer.json()["settings"]["reply_to"] == "c@example.com"


def test_reply_to_and_from_name_are_required_before_send_schedule_or_test(
    api: Api, server: MailchimpStandIn
) -> None:
    campaign_id = new_campaign(api, server, title=TITLE, subject_line="S")
    html = '<p>x</p><a href="*|UNSUB|*">Unsubscribe</a>'
    assert api("PUT", f"/campaigns/{campaign_id}/content", {"html": html}).ok
    checklist = api("GET", f"/campaigns/{campaign_id}/send-checklist").json()
    assert checklist["is_ready"] is False
    errors = [i for i in checklist["items"] if i["type"] == "error"]
    assert [(i["heading"], i["details"]) for i in errors] == [
        ("From", "You need to add a From name and email address.")
    ]
    action = f"/campaigns/{campaign_id}/actions/"
    # Like Mailchimp, the refusals say only this; the reasons are in the checklist.
    for answer in (
        api("POST", action + "send"),
        api("POST", action + "schedule", {"schedule_time": "2031-01-01T10:00:00+00:00"}),
        api("POST", action + "test", {"test_emails": ["a@b.co"], "send_type": "html"}),
    ):
        doc = assert_problem(answer, 400)
        assert (doc["title"], doc["detail"]) == (
            "Bad Request",
            "Your Campaign is not ready to send.",
        )
    assert server.state.campaigns[campaign_id]["status"] == "save"


@pytest.mark.parametrize(
    ("when", "detail"),
    [
        ("2031-01-01T10:10:00+00:00", "quarter-hour"),
        ("2031-01-01T10:15:30+00:00", "quarter-hour"),
        ("2001-01-01T10:15:00+00:00", "in the future"),
        ("tomorrow", "ISO 8601"),
    ],
)
def test_schedule_rules(api: Api, server: MailchimpStandIn, when: str, detail: str) -> None:
    campaign_id = ready_campaign(api, server)
    answer = api("POST", f"/campaigns/{campaign_id}/actions/schedule", {"schedule_time": when})
    doc = assert_problem(answer, 400)
    assert detail in doc["detail"] or detail in str(doc.get("errors"))


def test_state_machine_schedule_unschedule_send_sent(api: Api, server: MailchimpStandIn) -> None:
    campaign_id = ready_campaign(api, server)
    action = f"/campaigns/{campaign_id}/actions/"
    answer = api("POST", action + "schedule", {"schedule_time": "2031-01-01T10:15:00Z"})
    assert answer.status_code == 204 and answer.content == b""
    campaign = api("GET", f"/campaigns/{campaign_id}").json()
    assert (campaign["status"], campaign["send_time"]) == ("schedule", "2031-01-01T10:15:00+00:00")
    assert_problem(api("PUT", f"/campaigns/{campaign_id}/content", {"html": "<p>y</p>"}), 400)
    assert_problem(api("POST", action + "send"), 400, "not a draft")
    assert api("POST", action + "unschedule").status_code == 204
    assert api("GET", f"/campaigns/{campaign_id}").json()["status"] == "save"
    assert_problem(api("POST", action + "unschedule"), 400)
    assert api("POST", action + "send").status_code == 204
    assert api("GET", f"/campaigns/{campaign_id}").json()["status"] == "sending"
    settings = {"subject_line": "S", "from_name": "C", "reply_to": "c@example.com"}
    assert_problem(api("PATCH", f"/campaigns/{campaign_id}", {"settings": settings}), 400)
    server.complete_sends()
    sent = api("GET", f"/campaigns/{campaign_id}").json()
    assert (sent["status"], sent["emails_sent"]) == ("sent", 42)
    assert_problem(api("POST", action + "send"), 400)
    assert_problem(api("PUT", f"/campaigns/{campaign_id}/content", {"html": "<p>z</p>"}), 400)


def test_instant_send_and_cancel(api: Api, server: MailchimpStandIn) -> None:
    campaign_id = ready_campaign(api, server)
    assert api("POST", f"/campaigns/{campaign_id}/actions/send").ok
    assert api("POST", f"/campaigns/{campaign_id}/actions/cancel-send").status_code == 204
    assert server.state.campaigns[campaign_id]["status"] == "canceled"
    server.instant_send = True
    other = ready_campaign(api, server)
    assert api("POST", f"/campaigns/{other}/actions/send").ok
    assert server.state.campaigns[other]["status"] == "sent"
    assert_problem(api("POST", f"/campaigns/{other}/actions/cancel-send"), 400)


def test_content_round_trip_and_delete(api: Api, server: MailchimpStandIn) -> None:
    campaign_id = ready_campaign(api, server)
    body = {"html": "<p>Hello &amp; welcome</p>", "plain_text": "Hello & welcome"}
    assert api("PUT", f"/campaigns/{campaign_id}/content", body).json()["html"] == body["html"]
    assert api("GET", f"/campaigns/{campaign_id}/content").json()["plain_text"] == "Hello & welcome"
    assert api("DELETE", f"/campaigns/{campaign_id}").status_code == 204
    assert_problem(api("GET", f"/campaigns/{campaign_id}"), 404)


def test_faults_by_index_body_and_drop(api: Api, server: MailchimpStandIn) -> None:
    server.add_fault(nth=2, status=429, body=False)
    server.add_fault(method="GET", path=r"^/ping$", nth=3, drop=True)
    assert api("GET", "/ping").ok
    bare = api("GET", "/ping")
    assert bare.status_code == 429 and bare.content == b"" and "Content-Type" not in bare.headers
    with pytest.raises(requests.ConnectionError):
        api("GET", "/ping")
    assert api("GET", "/ping").ok
    assert [r.status for r in server.requests] == [200, 429, 0, 200]


def test_more_than_ten_simultaneous_connections_get_429(api: Api, server: MailchimpStandIn) -> None:
    # The first ten are held open until all twelve have arrived: a condition, not a delay.
    released = threading.Event()
    server.add_fault(path=r"^/ping$", hold=released, times=10)
    statuses: list[int] = []

    def call() -> None:
        statuses.append(api("GET", "/ping").status_code)

    threads = [threading.Thread(target=call) for _ in range(12)]
    for thread in threads:
        thread.start()
    while len(statuses) < 2:  # the two past the limit are answered at once
        threading.Event().wait(0.01)
    released.set()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 10 + [429] * 2


def test_runs_by_hand_and_prints_what_to_use() -> None:
    process = subprocess.Popen(
        [sys.executable, str(SERVER_SCRIPT), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Mailchimp stand-in listening on http://127.0.0.1:")
        url = first.rsplit(" ", 1)[1].strip()
        exports = dict(
            process.stdout.readline().removeprefix("export ").strip().split("=", 1)
            for _ in range(3)
        )
        assert exports["MAILCHIMP_API_URL"] == url
        answer = requests.get(url + "/ping", auth=("me", exports["MAILCHIMP_API_KEY"]), timeout=5)
        assert answer.json()["health_status"] == "Everything's Chimpy!"
    finally:
        process.terminate()
        process.wait(timeout=5)
