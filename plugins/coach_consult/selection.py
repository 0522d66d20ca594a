"""Which CTA and which special a post gets: pure functions over the model."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping, Sequence

from coach_consult.errors import ConsultError
from coach_consult.model import NONE, Cta, Special, topic_keys


class UnknownCta(ConsultError):
    """A post asks for a CTA that has no file in content/ctas/."""

    def __init__(self, name: str, known: Iterable[str]):
        known = sorted(known)
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        super().__init__(
            f"there is no call-to-action '{name}' (no content/ctas/{name}.md); {hint}"
            f"use one of: {', '.join(known)}, or 'none' for no block."
        )
        self.name = name


def choose_cta(
    ctas: Mapping[str, Cta],
    *,
    requested: str | None,
    tags: Iterable[str] = (),
    category: str | None = None,
    default: str = "general",
) -> Cta | None:
    """Pick the variant for one post: its own choice, else the best rule match, else default.

    ``requested`` is the post's ``CTA:`` value (or a marker's name); ``none`` means no block.
    Among rule matches the one matching most of the post's tags/category wins, then the
    first by name, so the choice never depends on file order.
    """
    if requested:
        name = requested.strip().lower()
        if name == NONE:
            return None
        if name not in ctas:
            raise UnknownCta(name, ctas)
        return ctas[name]
    topics = topic_keys(tags)
    scored = [(cta.score(topics, category), cta.name) for cta in ctas.values()]
    best = sorted((-score, name) for score, name in scored if score > 0)
    if best:
        return ctas[best[0][1]]
    if default not in ctas:
        raise UnknownCta(default, ctas)
    return ctas[default]


def active_special(
    specials: Sequence[Special], day: dt.date, topics: Iterable[str] | None = None
) -> Special | None:
    """The special whose window contains ``day`` and that suits these topics, if any.

    ``topics=None`` (pages) accepts any special; a post shows a special with topics only
    if it shares one of them.
    """
    keys = None if topics is None else topic_keys(topics)
    for special in specials:
        if special.is_active(day) and special.shown_for(keys):
            return special
    return None


def current_special(specials: Sequence[Special], day: dt.date) -> Special | None:
    """The special running on ``day``, whatever its topics."""
    return active_special(specials, day, None)


def upcoming_specials(specials: Sequence[Special], day: dt.date) -> list[Special]:
    """Specials that start after ``day``, soonest first."""
    return sorted((s for s in specials if s.valid_from > day), key=lambda s: s.valid_from)
