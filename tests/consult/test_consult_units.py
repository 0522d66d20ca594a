"""Small pure pieces: the cloak filter, UTM tags, placement, summaries, script-safe JSON."""

from __future__ import annotations

import base64
import html
import json

import pytest
from conftest import ROOT
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from coach_consult.cloak import cloak_email
from coach_consult.errors import ConsultError
from coach_consult.jsonld import script_json
from coach_consult.markers import Placeholder
from coach_consult.placement import place, summary_of
from coachsite.links import utm, with_params

SETTINGS = {"SUMMARY_MAX_LENGTH": 5, "SUMMARY_END_SUFFIX": "…", "SUMMARY_MAX_PARAGRAPHS": None}


@pytest.fixture(params=[False, True], ids=["plain", "autoescape"])
def env(request: pytest.FixtureRequest) -> Environment:
    """The theme's templates, as Pelican (no autoescape) or another plugin might load them."""
    environment = Environment(
        loader=FileSystemLoader(ROOT / "theme/templates"), autoescape=request.param
    )
    environment.filters["cloak_email"] = cloak_email
    return environment


def test_cloak_email_is_readable_never_raw_and_decodable(env: Environment) -> None:
    out = env.from_string('<p>Write: {{ "jo.doe+x@example.org"|cloak_email }}</p>').render()
    assert "@" not in out and "jo.doe" not in out and "example.org" not in out
    assert "jo.doe+x at example.org" in html.unescape(out)
    data = out.split('data-email="', 1)[1].split('"', 1)[0]
    assert base64.b64decode(data).decode() == "jo.doe+x@example.org"


def test_cloak_email_button_form(env: Environment) -> None:
    out = env.from_string('{{ "a@example.org"|cloak_email(button="Email <me>") }}').render()
    assert out.startswith('<a class="button email-button" data-email="')
    assert out.endswith(" hidden>Email &lt;me&gt;</a>")


@pytest.mark.parametrize("address", ["", "nobody", "a@b", "two@@example.org"])
def test_cloak_email_refuses_what_is_not_an_address(env: Environment, address: str) -> None:
    with pytest.raises(ConsultError, match="CONSULT_EMAIL"):
        env.from_string("{{ address|cloak_email }}").render(address=address)


def test_cloak_email_returns_markup(env: Environment) -> None:
    assert isinstance(cloak_email(env, "a@example.org"), Markup)


def test_utm_tags_keep_the_rest_of_the_url_and_replace_old_tags() -> None:
    url = with_params(
        "https://x.example/book?type=a&utm_source=old#top", utm("interviews", "site", "cta")
    )
    assert url == (
        "https://x.example/book?type=a&utm_source=site&utm_medium=cta&utm_campaign=interviews#top"
    )
    tagged = with_params("{filename}/pages/w.md", utm("general", "site", "cta"))
    assert tagged.startswith("{filename}/pages/w.md?")


def test_place_at_the_marker_or_at_the_end() -> None:
    content = '<p>A</p>\n<div data-consult-cta=""></div>\n<p>B</p>'
    start = content.index("<div")
    marker = Placeholder(start, content.index("</div>") + len("</div>\n"), "")
    without, with_block = place(content, "<aside>X</aside>", [marker])
    assert without == "<p>A</p>\n<p>B</p>"
    assert with_block == "<p>A</p>\n<aside>X</aside>\n<p>B</p>"
    assert place("<p>A</p>\n", "<aside>X</aside>", []) == (
        "<p>A</p>\n",
        "<p>A</p>\n<aside>X</aside>",
    )


@pytest.mark.parametrize("paragraphs", [None, 1])
def test_summary_is_the_one_pelican_would_compute(paragraphs: int | None) -> None:
    from pelican.contents import Page
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, **SETTINGS, "SUMMARY_MAX_PARAGRAPHS": paragraphs}
    content = "<p>one two three four five six seven</p>\n<p>eight</p>"
    pelicans = Page(content, metadata={"title": "T"}, settings=settings).summary
    assert summary_of(content, settings) == pelicans
    assert "six" not in pelicans


def test_script_json_cannot_close_the_script_and_round_trips() -> None:
    data = {"name": "</script><!-- & \u2028 'x'"}
    text = script_json(data)
    assert "</" not in text and "<!--" not in text and "&" not in text
    assert json.loads(text) == data
