"""Configuration from the environment, and the API key never leaking anywhere."""

from __future__ import annotations

import pytest
from mailchimp_server import MailchimpStandIn

from campaign.api import MailchimpApi
from campaign.command import campaign_command
from campaign.config import SiteSettings, load_config, make_client, make_scrubber
from campaign.errors import CampaignError

from .conftest import MONTH, NOW, TIMEZONE, Run, Site


@pytest.mark.parametrize("name", ["MAILCHIMP_API_KEY", "MAILCHIMP_AUDIENCE_ID"])
def test_missing_setting_is_named(
    run: Run, server: MailchimpStandIn, env: dict[str, str], name: str
) -> None:
    result = run(env={k: v for k, v in env.items() if k != name}, push=True)
    assert result.code == 1
    (line,) = result.lines
    assert line.startswith(f"error: {name} is not set")
    assert server.requests == []


def test_missing_server_prefix_is_named() -> None:
    with pytest.raises(CampaignError, match="MAILCHIMP_SERVER is not set") as caught:
        load_config({"MAILCHIMP_API_KEY": "abcdef0123456789", "MAILCHIMP_AUDIENCE_ID": "x"})
    assert "abcdef0123456789" not in str(caught.value)


def test_server_prefix_comes_from_the_key_unless_set() -> None:
    base = {"MAILCHIMP_API_KEY": "abcdef0123456789-us21", "MAILCHIMP_AUDIENCE_ID": "list1"}
    assert load_config(base).server == "us21"
    assert load_config({**base, "MAILCHIMP_SERVER": "us6"}).server == "us6"
    config = load_config({**base, "MAILCHIMP_TIMEOUT": "3.5"})
    assert config.timeout == (3.5, 3.5)
    assert "abcdef0123456789" not in repr(config)
    client = make_client(config)
    assert client.api_client.timeout == (3.5, 3.5)  # not set_config's 120 s
    assert client.api_client.host == "https://server.api.mailchimp.com/3.0"
    assert client.api_client.server == "us21"


def test_api_url_override_is_used_verbatim() -> None:
    config = load_config(
        {
            "MAILCHIMP_API_KEY": "abcdef0123456789-us21",
            "MAILCHIMP_AUDIENCE_ID": "list1",
            "MAILCHIMP_API_URL": "http://server.local:8080/3.0/",
        }
    )
    client = make_client(config)
    assert client.api_client.host == "http://server.local:8080/3.0"
    # The client replaces "server" in URLs with the prefix unless the prefix is empty.
    assert client.api_client.server == ""
    assert client.api_client.timeout == (10.0, 20.0)


def test_bad_timeout_is_refused() -> None:
    with pytest.raises(CampaignError, match="MAILCHIMP_TIMEOUT='soon'"):
        load_config(
            {
                "MAILCHIMP_API_KEY": "k-us1",
                "MAILCHIMP_AUDIENCE_ID": "l",
                "MAILCHIMP_TIMEOUT": "soon",
            }
        )


def test_api_key_never_appears_in_output_ledger_or_errors(
    run: Run,
    server: MailchimpStandIn,
    site: Site,
    env: dict[str, str],
    capfd: pytest.CaptureFixture[str],
) -> None:
    key = server.api_key
    secret = key.rpartition("-")[0]
    # Mailchimp echoing the key back in an error must not leak it either.
    server.add_fault(method="PATCH", status=400, detail=f"Key {key} may not edit this")
    results = [
        run(),
        run(push=True),
        run(push=True),  # refused with the echoing 400
        run(test_to="me@example.com"),
        run(schedule="2031-07-01 09:00"),
        run(send_now=True),
        run(env={**env, "MAILCHIMP_AUDIENCE_ID": "nosuchlist"}),
    ]
    assert [r.code for r in results] == [0, 0, 1, 0, 0, 2, 1]
    assert "[api key hidden] may not edit this" in results[2].text
    # The default ``out`` prints to stdout: run once that way, with the key echoed back again.
    server.add_fault(method="GET", path="^/lists/", status=400, detail=f"Bad {key}")
    printed = campaign_command(
        MONTH,
        root=site.root,
        site=SiteSettings(TIMEZONE),
        env=env,
        now=NOW,
        sleep=lambda _: None,
    )
    assert printed == 1
    captured = capfd.readouterr()
    assert "Bad [api key hidden]" in captured.out
    for text in [*(r.text for r in results), captured.out, captured.err]:
        assert secret not in text
    assert secret not in site.ledger_path.read_text("utf-8")
    assert site.ledger()[MONTH]["status"] == "schedule"


def test_api_error_messages_are_scrubbed(server: MailchimpStandIn) -> None:
    key = server.api_key
    server.add_fault(status=400, detail=f"bad key {key}")
    config = load_config(server.env())
    api = MailchimpApi(make_client(config), scrub=make_scrubber(key), sleep=lambda _: None)
    with pytest.raises(CampaignError) as caught:
        api.call("ping Mailchimp", api.client.ping.get)
    assert key.rpartition("-")[0] not in str(caught.value)
    assert "bad key [api key hidden]" in str(caught.value)
