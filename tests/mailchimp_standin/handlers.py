"""The API routes: one handler per operation, called with the server lock held."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .protocol import (
    EDITABLE,
    MAX_COUNT,
    Json,
    bad_request,
    invalid,
    not_found,
    strip_tags,
    utc_iso,
)

if TYPE_CHECKING:
    from .server import MailchimpStandIn

Handler = Callable[..., tuple[int, Json]]

Answer = tuple[str, int, Json]
SETTINGS_STRINGS = ("subject_line", "preview_text", "title", "from_name", "reply_to", "to_name")


def _check_object(body: Json, name: str = "body") -> dict[str, Json]:
    if not isinstance(body, dict):
        raise invalid(name, "Schema describes object, NULL found instead")
    return body


def _check_settings(settings: Json, required: tuple[str, ...] = ()) -> None:
    settings = _check_object(settings, "settings")
    for key in SETTINGS_STRINGS:
        if key in settings and not isinstance(settings[key], str):
            raise invalid(f"settings.{key}", "Schema describes string")
    for key in required:
        if not settings.get(key):
            raise invalid(f"settings.{key}", "This value should not be blank.")
    reply_to = settings.get("reply_to")
    if reply_to and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", reply_to):
        raise invalid("settings.reply_to", "This value should be a valid email address.")


def _check_recipients(api: MailchimpStandIn, recipients: Json) -> None:
    recipients = _check_object(recipients, "recipients")
    list_id = recipients.get("list_id")
    if not isinstance(list_id, str) or not list_id:
        raise invalid("recipients.list_id", "Required property list_id not found")
    if list_id not in api.state.lists:
        raise invalid("recipients.list_id", f"The list '{list_id}' does not exist.")
    opts = recipients.get("segment_opts")
    if opts is None:
        return
    opts = _check_object(opts, "recipients.segment_opts")
    saved = opts.get("saved_segment_id")
    if saved is not None and (not isinstance(saved, int) or isinstance(saved, bool)):
        raise invalid("recipients.segment_opts.saved_segment_id", "Schema describes integer")
    if saved is not None and api.segment(list_id, saved) is None:
        raise bad_request("The segment you selected is invalid.")


def h_ping(api: MailchimpStandIn, **_: Any) -> tuple[int, Json]:
    return 200, {"health_status": "Everything's Chimpy!"}


def h_get_list(api: MailchimpStandIn, list_id: str, **_: Any) -> tuple[int, Json]:
    if list_id not in api.state.lists:
        raise not_found()
    return 200, api.state.lists[list_id]


def h_get_segment(
    api: MailchimpStandIn, list_id: str, segment_id: str, **_: Any
) -> tuple[int, Json]:
    if list_id not in api.state.lists:
        raise not_found()
    segment = api.segment(list_id, segment_id)
    if segment is None:
        raise not_found()
    return 200, segment


def _int_param(query: dict[str, str], name: str, default: int) -> int:
    try:
        return int(query.get(name, default))
    except ValueError:
        raise invalid(name, "Schema describes integer") from None


def h_list_campaigns(api: MailchimpStandIn, query: dict[str, str], **_: Any) -> tuple[int, Json]:
    count = _int_param(query, "count", 10)
    offset = _int_param(query, "offset", 0)
    if not 0 <= count <= MAX_COUNT or offset < 0:
        raise invalid("count", f"count must be between 0 and {MAX_COUNT}")
    found = [
        campaign
        for campaign in api.state.campaigns.values()
        if all(
            query.get(name) in (None, value)
            for name, value in (
                ("list_id", campaign["recipients"]["list_id"]),
                ("status", campaign["status"]),
                ("type", campaign["type"]),
            )
        )
    ]
    return 200, {
        "campaigns": found[offset : offset + count],
        "total_items": len(found),
        "_links": [],
    }


def h_create_campaign(api: MailchimpStandIn, body: Json, **_: Any) -> tuple[int, Json]:
    body = _check_object(body)
    if body.get("type") not in ("regular", "plaintext", "absplit", "rss", "variate"):
        raise invalid("type", "Data presented is not one of the accepted values")
    if body["type"] not in ("regular", "plaintext"):
        raise bad_request(f"Campaign type '{body['type']}' is not supported by this stand-in.")
    _check_recipients(api, body.get("recipients"))
    _check_settings(body.get("settings", {}))
    return 200, api._new_campaign(body)


def h_get_campaign(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    return 200, api._campaign(campaign_id)


def h_update_campaign(
    api: MailchimpStandIn, campaign_id: str, body: Json, **_: Any
) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    body = _check_object(body)
    if "settings" not in body:
        raise invalid("settings", "Required property settings not found")
    _check_settings(body["settings"], required=("subject_line", "from_name", "reply_to"))
    if "recipients" in body:
        _check_recipients(api, body["recipients"])
    api._require_editable(campaign, "updated")
    campaign["settings"].update(body["settings"])
    if "recipients" in body:
        api._apply_recipients(campaign, body["recipients"])
    return 200, campaign


def h_delete_campaign(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    if campaign["status"] == "sending":
        raise bad_request("A campaign that is sending cannot be deleted.")
    del api.state.campaigns[campaign_id]
    del api.state.contents[campaign_id]
    return 204, None


def _content_document(api: MailchimpStandIn, campaign_id: str) -> dict[str, Json]:
    content = api.state.contents[campaign_id]
    return {
        "plain_text": content.get("plain_text", ""),
        "html": content.get("html", ""),
        "archive_html": content.get("html", ""),
        "_links": [],
    }


def h_get_content(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    api._campaign(campaign_id)
    return 200, _content_document(api, campaign_id)


def h_set_content(
    api: MailchimpStandIn, campaign_id: str, body: Json, **_: Any
) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    body = _check_object(body)
    if any(key in body for key in ("url", "template", "archive", "variate_contents")):
        raise bad_request("Only 'html' and 'plain_text' content is supported by this stand-in.")
    if not isinstance(body.get("html"), str) or not body["html"]:
        raise invalid("html", "Please provide either HTML, a URL, a template, or an archive.")
    if "plain_text" in body and not isinstance(body["plain_text"], str):
        raise invalid("plain_text", "Schema describes string")
    api._require_editable(campaign, "edited")
    api.state.contents[campaign_id] = {
        "html": body["html"],
        "plain_text": body.get("plain_text") or strip_tags(body["html"]),
    }
    return 200, _content_document(api, campaign_id)


def h_send(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    if campaign["status"] not in EDITABLE:
        raise bad_request("Cannot send a campaign that is not a draft.")
    api._require_ready(campaign_id)
    campaign["status"] = "sending"
    campaign["send_time"] = utc_iso(api.clock())
    if api.instant_send:
        api._mark_sent(campaign)
    return 204, None


def parse_schedule_time(value: Json) -> dt.datetime:
    """Parse an ISO 8601 ``schedule_time`` (offset required; ``Z`` accepted)."""
    if not isinstance(value, str):
        raise invalid("schedule_time", "Schema describes string")
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise invalid("schedule_time", "Please provide a valid ISO 8601 date-time.") from None
    if moment.tzinfo is None:
        raise invalid("schedule_time", "The schedule time needs a UTC offset.")
    return moment.astimezone(dt.UTC)


def h_schedule(api: MailchimpStandIn, campaign_id: str, body: Json, **_: Any) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    body = _check_object(body)
    if "schedule_time" not in body:
        raise invalid("schedule_time", "Required property schedule_time not found")
    moment = parse_schedule_time(body["schedule_time"])
    if moment.minute % 15 or moment.second or moment.microsecond:
        raise bad_request(
            "Schedule time must be on the quarter-hour (:00, :15, :30, :45).",
            title="Invalid Schedule Time",
        )
    if moment <= api.clock():
        raise bad_request("Schedule time must be in the future.", title="Invalid Schedule Time")
    if campaign["status"] not in EDITABLE:
        raise bad_request("This campaign cannot be scheduled: .")
    api._require_scheduling()
    api._require_ready(campaign_id)
    campaign["status"] = "schedule"
    campaign["send_time"] = utc_iso(moment)
    return 204, None


def h_unschedule(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    if campaign["status"] != "schedule":
        raise bad_request(
            f"Cannot unschedule a campaign whose status is '{campaign['status']}'.",
        )
    campaign["status"] = "save"
    campaign["send_time"] = ""
    return 204, None


def h_test(api: MailchimpStandIn, campaign_id: str, body: Json, **_: Any) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    body = _check_object(body)
    emails = body.get("test_emails")
    if not isinstance(emails, list) or not emails:
        raise invalid("test_emails", "Required property test_emails not found")
    if not all(isinstance(e, str) and re.fullmatch(r"[^@\s]+@[^@\s]+", e) for e in emails):
        raise invalid("test_emails", "Please provide valid email addresses.")
    if body.get("send_type") not in ("html", "plaintext"):
        raise invalid("send_type", "Data presented is not one of the accepted values")
    if campaign["status"] in ("sending", "sent"):
        raise bad_request("Test emails cannot be sent for a campaign that has been sent.")
    api._require_ready(campaign_id)
    api._check_test_limits(campaign_id, emails)
    api.state.test_sends.append(
        {
            "campaign_id": campaign_id,
            "emails": list(emails),
            "send_type": body["send_type"],
            "html": api.delivered_html(campaign_id),
            "plain_text": api.state.contents[campaign_id].get("plain_text", ""),
        }
    )
    return 204, None


def h_cancel_send(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    campaign = api._campaign(campaign_id)
    if campaign["status"] != "sending":
        raise bad_request(
            f"Cannot cancel a campaign whose status is '{campaign['status']}'.",
        )
    campaign["status"] = "canceled"
    return 204, None


def h_checklist(api: MailchimpStandIn, campaign_id: str, **_: Any) -> tuple[int, Json]:
    return 200, api.checklist(campaign_id)


def _route(method: str, template: str, handler: Handler) -> tuple[str, str, re.Pattern[str], Any]:
    pattern = re.compile(re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template))
    return method, template, pattern, handler


ACTION = "/campaigns/{campaign_id}/actions/"
ROUTES = [
    _route("GET", "/ping", h_ping),
    _route("GET", "/lists/{list_id}", h_get_list),
    # Not in the OpenAPI subset of ../shared; path and fields as Mailchimp documents them.
    _route("GET", "/lists/{list_id}/segments/{segment_id}", h_get_segment),
    _route("GET", "/campaigns", h_list_campaigns),
    _route("POST", "/campaigns", h_create_campaign),
    _route("GET", "/campaigns/{campaign_id}", h_get_campaign),
    _route("PATCH", "/campaigns/{campaign_id}", h_update_campaign),
    _route("DELETE", "/campaigns/{campaign_id}", h_delete_campaign),
    _route("GET", "/campaigns/{campaign_id}/content", h_get_content),
    _route("PUT", "/campaigns/{campaign_id}/content", h_set_content),
    _route("POST", ACTION + "send", h_send),
    _route("POST", ACTION + "schedule", h_schedule),
    _route("POST", ACTION + "unschedule", h_unschedule),
    _route("POST", ACTION + "test", h_test),
    _route("POST", ACTION + "cancel-send", h_cancel_send),
    _route("GET", "/campaigns/{campaign_id}/send-checklist", h_checklist),
]


def route_of(method: str, path: str) -> str | None:
    """The route template (e.g. ``/campaigns/{campaign_id}``) a request is for, if any."""
    for verb, template, pattern, _ in ROUTES:
        if verb == method and pattern.fullmatch(path):
            return template
    return None
