"""The coach's mistakes in CTA and special files, checked without Pelican."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coach_consult import validation as check
from coach_consult.errors import ConsultError
from coach_consult.model import Link, Special
from coachsite.content_check import MetaField
from coachsite.errors import CoachError

SOURCE = Path("content/specials/2026-04.md")


def field(key: str, value: str, line: int = 2) -> MetaField:
    return MetaField(key, value, line)


def test_consult_error_is_a_coach_error_with_file_and_line() -> None:
    err = ConsultError("bad", SOURCE, 3)
    assert isinstance(err, CoachError)
    assert str(err) == "content/specials/2026-04.md:3: bad"


def test_typo_of_a_known_key_names_the_line_and_the_fix() -> None:
    fields = [field("title", "April", 1), field("vaild_until", "2026-04-20", 4)]
    with pytest.raises(ConsultError) as caught:
        check.check_keys(fields, check.SPECIAL_KEYS, SOURCE)
    assert caught.value.line == 4
    assert "did you mean 'Valid_until:'" in caught.value.message


def test_category_in_a_cta_suggests_categories() -> None:
    with pytest.raises(ConsultError, match="Categories:"):
        check.check_keys([field("category", "Interviews")], check.CTA_KEYS, SOURCE)


def test_unrelated_unknown_keys_are_returned_not_raised() -> None:
    note = field("note", "for me", 3)
    assert check.check_keys([note], check.SPECIAL_KEYS, SOURCE) == [note]


def test_dashes_and_underscores_are_the_same_key() -> None:
    assert check.check_keys([field("valid-until", "2026-04-20")], check.SPECIAL_KEYS, SOURCE) == []


def test_duplicate_key_is_an_error() -> None:
    with pytest.raises(ConsultError, match="appears twice"):
        check.check_keys(
            [field("offer", "a", 2), field("offer", "b", 3)], check.SPECIAL_KEYS, SOURCE
        )


@pytest.mark.parametrize("stem", ["2026-4", "April", "2026-13", "26-04", "2026-04-01"])
def test_file_name_must_be_a_month(stem: str) -> None:
    with pytest.raises(ConsultError, match=r"YYYY-MM\.md"):
        check.parse_month(stem, None, SOURCE)


def test_month_field_must_match_the_file_name() -> None:
    assert check.parse_month("2026-04", field("month", "2026-04"), SOURCE) == "2026-04"
    with pytest.raises(ConsultError, match="does not match the file name") as caught:
        check.parse_month("2026-04", field("month", "2026-05", 3), SOURCE)
    assert caught.value.line == 3
    with pytest.raises(ConsultError, match="is not a month"):
        check.parse_month("2026-04", field("month", "April"), SOURCE)


def test_window_defaults_to_the_whole_month() -> None:
    assert check.special_window("2026-02", None, None, SOURCE) == (
        dt.date(2026, 2, 1),
        dt.date(2026, 2, 28),
    )


def test_window_from_the_fields() -> None:
    start, end = check.special_window(
        "2026-04", field("valid_from", "2026-04-06"), field("valid_until", "2026-05-03"), SOURCE
    )
    assert (start, end) == (dt.date(2026, 4, 6), dt.date(2026, 5, 3))


def test_valid_until_before_valid_from_is_an_error() -> None:
    with pytest.raises(ConsultError, match="before Valid_from") as caught:
        check.special_window(
            "2026-04", field("valid_from", "2026-04-20", 3), field("valid_until", "2026-04-10", 4),
            SOURCE,
        )  # fmt: skip
    assert caught.value.line == 4


def test_window_outside_its_month_is_an_error() -> None:
    with pytest.raises(ConsultError, match="not in April 2026"):
        check.special_window("2026-04", None, field("valid_until", "2025-04-30"), SOURCE)


def test_unreadable_date_names_the_line() -> None:
    with pytest.raises(ConsultError, match="YYYY-MM-DD") as caught:
        check.special_window("2026-04", None, field("valid_until", "April 30", 5), SOURCE)
    assert caught.value.line == 5


def special(month: str, start: str, end: str) -> Special:
    return Special(
        month=month,
        title="t",
        offer="o",
        valid_from=dt.date.fromisoformat(start),
        valid_until=dt.date.fromisoformat(end),
        source_path=Path(f"content/specials/{month}.md"),
    )


def test_overlapping_specials_name_both_files() -> None:
    april = special("2026-04", "2026-04-01", "2026-05-03")
    may = special("2026-05", "2026-05-01", "2026-05-31")
    with pytest.raises(ConsultError) as caught:
        check.check_overlaps([may, april])
    assert caught.value.path == Path("content/specials/2026-05.md")
    assert "content/specials/2026-04.md" in caught.value.message


def test_adjacent_specials_do_not_overlap() -> None:
    check.check_overlaps(
        [
            special("2026-04", "2026-04-01", "2026-04-30"),
            special("2026-05", "2026-05-01", "2026-05-31"),
        ]
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("email", Link("email")),
        ("Email", Link("email")),
        ("mailto:coach@example.com", Link("email", "coach@example.com")),
        ("https://booking.example.com/coach", Link("url", "https://booking.example.com/coach")),
        ("{filename}/pages/work-with-me.md", Link("content", "pages/work-with-me.md")),
        ("{filename}../pages/work-with-me.md", Link("content", "pages/work-with-me.md")),
    ],
)
def test_links(value: str, expected: Link) -> None:
    assert check.parse_link(value, SOURCE, 3, "ctas") == expected


def test_link_prints_as_the_coach_wrote_it() -> None:
    assert str(Link("email")) == "email"
    assert str(Link("content", "pages/work-with-me.md")) == "{filename}/pages/work-with-me.md"


@pytest.mark.parametrize("value", ["", "  ", "work-with-me/", "mailto:nobody", "www.example.com"])
def test_bad_or_missing_link_is_an_error(value: str) -> None:
    with pytest.raises(ConsultError) as caught:
        check.parse_link(value, SOURCE, 3, "ctas")
    assert caught.value.path == SOURCE


@pytest.mark.parametrize(("value", "expected"), [("95", "95"), ("$1,250.50", "1250.50")])
def test_price(value: str, expected: str) -> None:
    assert check.parse_price(field("price", value), SOURCE) == expected


@pytest.mark.parametrize("value", ["ninety", "-5", "NaN"])
def test_bad_price(value: str) -> None:
    with pytest.raises(ConsultError, match="not a price"):
        check.parse_price(field("price", value), SOURCE)


@pytest.mark.parametrize("stem", ["Résumé tips", "none", "-x"])
def test_bad_cta_names(stem: str) -> None:
    with pytest.raises(ConsultError):
        check.cta_name(stem, Path(f"content/ctas/{stem}.md"))


def test_cta_name_is_lower_case() -> None:
    assert check.cta_name("Interviews", Path("content/ctas/Interviews.md")) == "interviews"
