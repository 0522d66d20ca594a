"""The edges of the CTA and special checks: exact messages, first and last days, one-day and
touching specials, a free special, links that leave the content folder, the topics warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from special_helpers import field

from coach_consult import validation as check
from coach_consult.errors import ConsultError
from coach_consult.model import Link

SOURCE = Path("content/specials/2026-04.md")
CTA = Path("content/ctas/resumes.md")


# Keys


def test_every_special_and_cta_key_is_known() -> None:
    fields = [field(key, "x", line) for line, key in enumerate(check.SPECIAL_KEYS, start=1)]
    assert check.check_keys(fields, check.SPECIAL_KEYS, SOURCE) == []
    fields = [field(key, "x", line) for line, key in enumerate(check.CTA_KEYS, start=1)]
    assert check.check_keys(fields, check.CTA_KEYS, CTA) == []


def test_special_keys_are_exactly_these() -> None:
    assert check.SPECIAL_KEYS == (
        "title",
        "month",
        "valid_from",
        "valid_until",
        "offer",
        "price",
        "topics",
    )


def test_valid_from_written_with_a_dash_and_capitals_is_known() -> None:
    fields = [field("Valid-From", "2026-04-06", 3), field("VALID_UNTIL", "2026-04-20", 4)]
    assert check.check_keys(fields, check.SPECIAL_KEYS, SOURCE) == []


def test_a_key_twice_names_both_lines_exactly() -> None:
    fields = [field("offer", "a", 2), field("title", "t", 3), field("Offer", "b", 5)]
    with pytest.raises(ConsultError) as caught:
        check.check_keys(fields, check.SPECIAL_KEYS, SOURCE)
    assert str(caught.value) == (
        "content/specials/2026-04.md:5: 'Offer:' appears twice (first on line 2); keep only one."
    )


def test_a_dashed_and_an_underscored_key_are_the_same_key_twice() -> None:
    fields = [field("valid-until", "2026-04-20", 3), field("valid_until", "2026-04-21", 4)]
    with pytest.raises(ConsultError) as caught:
        check.check_keys(fields, check.SPECIAL_KEYS, SOURCE)
    assert caught.value.line == 4
    assert caught.value.message.startswith("'Valid_until:' appears twice (first on line 3)")


def test_a_typo_message_is_exact() -> None:
    with pytest.raises(ConsultError) as caught:
        check.check_keys([field("Prise", "95", 6)], check.SPECIAL_KEYS, SOURCE)
    assert str(caught.value) == (
        "content/specials/2026-04.md:6: unknown setting 'Prise:'; did you mean 'Price:'?"
    )


def test_unknown_keys_come_back_in_order_after_known_ones() -> None:
    note, aside = field("note", "n", 3), field("remember", "r", 5)
    fields = [field("title", "t", 1), note, field("offer", "o", 4), aside]
    assert check.check_keys(fields, check.SPECIAL_KEYS, SOURCE) == [note, aside]


# CTA names and links


def test_a_bad_cta_name_message_is_exact() -> None:
    with pytest.raises(ConsultError) as caught:
        check.cta_name("Job search", Path("content/ctas/Job search.md"))
    assert str(caught.value) == (
        "content/ctas/Job search.md: 'Job search' cannot be the name of a call-to-action; "
        "rename the file using lower-case letters, digits and dashes, e.g. "
        "content/ctas/job-search.md ('none' is reserved)."
    )
    assert caught.value.line is None


def test_a_link_outside_the_content_folder_is_refused_with_its_line() -> None:
    with pytest.raises(ConsultError) as caught:
        check.parse_link("{filename}../../secrets.md", CTA, 3, "ctas")
    assert str(caught.value) == (
        "content/ctas/resumes.md:3: '{filename}../../secrets.md' points outside the content folder."
    )


def test_a_rooted_link_outside_the_content_folder_is_refused() -> None:
    with pytest.raises(ConsultError, match="points outside the content folder"):
        check.parse_link("{filename}/../pelicanconf.py", CTA, 4, "ctas")


@pytest.mark.parametrize(
    ("value", "folder", "expected"),
    [
        ("{filename}job-search.md", "ctas", "ctas/job-search.md"),
        ("{filename}../pages/../pages/about.md", "ctas", "pages/about.md"),
        ("{filename}/X-ray-of-a-resume.md", "ctas", "X-ray-of-a-resume.md"),
        ("{filename}  /pages/work-with-me.md  ", "ctas/sub", "pages/work-with-me.md"),
        ("{filename}../a.md", "ctas/sub", "ctas/a.md"),
    ],
)
def test_content_links_are_relative_to_the_cta_folder(
    value: str, folder: str, expected: str
) -> None:
    assert check.parse_link(value, CTA, 3, folder) == Link("content", expected)


def test_a_mailto_link_keeps_the_whole_address() -> None:
    assert check.parse_link("MAILTO: coach@example.com", CTA, 3, "ctas") == Link(
        "email", "coach@example.com"
    )


def test_a_mailto_link_without_a_real_address_names_it_exactly() -> None:
    with pytest.raises(ConsultError) as caught:
        check.parse_link("mailto:coach@localhost", CTA, 3, "ctas")
    assert str(caught.value) == (
        "content/ctas/resumes.md:3: 'mailto:coach@localhost' is not an email address; write "
        "'Link: email' to use the contact address."
    )


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("coach@example.com", True),
        ("coach@localhost", False),
        ("@example.com", False),
        ("coach.example.com", False),
        ("co ach@example.com", False),
        ("coach@exa@mple.com", False),
        ("<coach@example.com>", False),
    ],
)
def test_what_is_an_address(text: str, ok: bool) -> None:
    assert check.is_address(text) is ok


def test_a_web_link_is_kept_as_written() -> None:
    assert check.parse_link(" HTTP://Booking.example.com/x ", CTA, 3, "ctas") == Link(
        "url", "HTTP://Booking.example.com/x"
    )


# Months and windows


@pytest.mark.parametrize("stem", ["2026-01", "2026-12"])
def test_first_and_last_months_are_months(stem: str) -> None:
    assert check.parse_month(stem, None, SOURCE) == stem
    assert check.parse_month(stem, field("month", f" {stem} "), SOURCE) == stem


@pytest.mark.parametrize("stem", ["2026-00", "2026-13"])
def test_month_zero_and_thirteen_are_not_months(stem: str) -> None:
    with pytest.raises(ConsultError) as caught:
        check.parse_month(stem, None, Path(f"content/specials/{stem}.md"))
    assert str(caught.value) == (
        f"content/specials/{stem}.md: the file name '{stem}' is not a month; name special "
        "files YYYY-MM.md, e.g. content/specials/2026-04.md."
    )


def test_a_month_line_that_disagrees_names_its_line_exactly() -> None:
    with pytest.raises(ConsultError) as caught:
        check.parse_month("2026-04", field("month", "2026-05", 3), SOURCE)
    assert str(caught.value) == (
        "content/specials/2026-04.md:3: 'Month: 2026-05' does not match the file name "
        "2026-04.md; write 'Month: 2026-04' or rename the file."
    )


def test_a_month_line_that_is_not_a_month_says_so_exactly() -> None:
    with pytest.raises(ConsultError) as caught:
        check.parse_month("2026-04", field("month", "April", 2), SOURCE)
    assert caught.value.message == (
        "'Month: April' is not a month written YYYY-MM (and does not match the file name) "
        "2026-04.md; write 'Month: 2026-04' or rename the file."
    )


def test_the_whole_month_runs_from_the_first_to_the_last_day() -> None:
    assert check.special_window("2026-04", None, None, SOURCE) == (
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 30),
    )
    assert check.special_window("2028-02", None, None, SOURCE) == (
        dt.date(2028, 2, 1),
        dt.date(2028, 2, 29),
    )


def test_a_one_day_special_runs_that_day() -> None:
    window = check.special_window(
        "2026-04", field("valid_from", "2026-04-10", 3), field("valid_until", "2026-04-10", 4),
        SOURCE,
    )  # fmt: skip
    assert window == (dt.date(2026, 4, 10), dt.date(2026, 4, 10))


def test_only_a_start_runs_to_the_end_of_the_month() -> None:
    window = check.special_window("2026-04", field("valid_from", "2026-04-10", 3), None, SOURCE)
    assert window == (dt.date(2026, 4, 10), dt.date(2026, 4, 30))


def test_only_an_end_runs_from_the_first_of_the_month() -> None:
    window = check.special_window("2026-04", None, field("valid_until", "2026-04-10", 3), SOURCE)
    assert window == (dt.date(2026, 4, 1), dt.date(2026, 4, 10))


def test_a_window_that_may_start_the_month_before_or_end_the_month_after() -> None:
    window = check.special_window(
        "2026-04", field("valid_from", "2026-03-30", 3), field("valid_until", "2026-04-01", 4),
        SOURCE,
    )  # fmt: skip
    assert window == (dt.date(2026, 3, 30), dt.date(2026, 4, 1))
    window = check.special_window(
        "2026-04", field("valid_from", "2026-04-30", 3), field("valid_until", "2026-05-02", 4),
        SOURCE,
    )  # fmt: skip
    assert window == (dt.date(2026, 4, 30), dt.date(2026, 5, 2))


def test_a_start_after_the_month_names_the_valid_from_line_exactly() -> None:
    with pytest.raises(ConsultError) as caught:
        check.special_window(
            "2026-04", field("valid_from", "2026-05-02", 3), field("valid_until", "2026-05-10", 4),
            SOURCE,
        )  # fmt: skip
    assert str(caught.value) == (
        "content/specials/2026-04.md:3: the special for 2026-04 runs 2026-05-02 to 2026-05-10, "
        "which is not in April 2026; check the year and month of the dates."
    )


def test_an_end_before_the_month_names_the_valid_until_line() -> None:
    with pytest.raises(ConsultError) as caught:
        check.special_window("2026-04", None, field("valid_until", "2025-04-30", 5), SOURCE)
    assert str(caught.value) == (
        "content/specials/2026-04.md:5: the special for 2026-04 runs 2026-04-01 to 2025-04-30, "
        "which is not in April 2026; check the year and month of the dates."
    )


def test_an_end_before_the_start_message_is_exact() -> None:
    with pytest.raises(ConsultError) as caught:
        check.special_window(
            "2026-04", field("valid_from", "2026-04-20", 3), field("valid_until", "2026-04-19", 4),
            SOURCE,
        )  # fmt: skip
    assert str(caught.value) == (
        "content/specials/2026-04.md:4: Valid_until (2026-04-19) is before Valid_from "
        "(2026-04-20); the special would never run."
    )


def test_an_unreadable_day_message_is_exact() -> None:
    with pytest.raises(ConsultError) as caught:
        check.parse_day(field("valid_from", " 10 April ", 3), SOURCE)
    assert str(caught.value) == (
        "content/specials/2026-04.md:3: '10 April' is not a date I can read; write it as "
        "YYYY-MM-DD, e.g. 2026-04-30."
    )


# Prices


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", "0"), ("$0.00", "0.00"), (" $ 95 ", "95"), ("1,000", "1000"), ("$95", "95")],
)
def test_prices_including_a_free_special(value: str, expected: str) -> None:
    assert check.parse_price(field("price", value), SOURCE) == expected


@pytest.mark.parametrize("value", ["-0.01", "Infinity", "$", "95 dollars"])
def test_not_a_price_message_is_exact(value: str) -> None:
    with pytest.raises(ConsultError) as caught:
        check.parse_price(field("price", f" {value} ", 7), SOURCE)
    assert str(caught.value) == (
        f"content/specials/2026-04.md:7: 'Price: {value}' is not a price; write a number such "
        "as 95 or 95.00, or remove the line."
    )
