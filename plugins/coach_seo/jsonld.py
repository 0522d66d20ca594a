"""JSON-LD serialisation that is safe inside ``<script type="application/ld+json">``."""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

# "<" covers "</script>" and "<!--"; the rest keeps the text inert in any HTML context.
ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def dumps_jsonld(data: Any) -> str:
    """``data`` as compact JSON with the characters HTML cares about escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in ESCAPES.items():
        text = text.replace(char, escape)
    return text


def jsonld(data: Any) -> Markup:
    """Jinja filter: ``<script type="application/ld+json">{{ data|jsonld }}</script>``."""
    return Markup(dumps_jsonld(data))
