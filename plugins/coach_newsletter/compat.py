"""Does the email degrade well in Gmail, Outlook, Apple Mail and Yahoo?

The built email goes through the "Can I email" data with ``@jsx-email/doiuse-email`` (pinned
in package.json, installed into node_modules/ by ``npm ci``), run by ``doiuse_check.mjs`` in
one Node process per build. A feature that one of ``CLIENTS`` does not support fails the
build, unless an allow-list below says the template uses it only as progressive enhancement.
What the package reports as partial support is a warning there, and passes here.

Without Node or the package the check is skipped, with one warning per build. Answers are
kept in the build cache by the email's hash, so Node starts only for an email that changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import select
import shutil
import subprocess
import tempfile
import weakref
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from coachsite.cachefile import read_json, write_json

log = logging.getLogger("pelican.plugins.newsletter.compat")
if hasattr(log, "disable_filter"):  # one warning per build, not Pelican's one per process
    log.disable_filter()

PACKAGE = "@jsx-email/doiuse-email"
SCRIPT = Path(__file__).with_name("doiuse_check.mjs")
MIN_NODE = 18  # the package's "engines"
TIMEOUT = 120.0  # seconds for one answer; the check of one email takes milliseconds
MEMO_ENTRIES = 200
NPM_CI = "run `npm ci` in the project folder"

# Every webmail and app of the four the newsletter must look right in (doiuse-email's ids).
CLIENTS = (
    "gmail.desktop-webmail",
    "gmail.ios",
    "gmail.android",
    "gmail.mobile-webmail",
    "outlook.windows",
    "outlook.windows-mail",
    "outlook.macos",
    "outlook.ios",
    "outlook.android",
    "apple-mail.macos",
    "apple-mail.ios",
    "yahoo.desktop-webmail",
    "yahoo.ios",
    "yahoo.android",
)

# Used only as progressive enhancement: where a client lacks the feature, the email still
# reads and works. Keys are the "Can I email" names doiuse-email reports.
ALLOWED: dict[str, str] = {
    # Only the mobile layout and the dark colours are in media queries; without them the
    # 600 px table (which shrinks to fit) and the light colours show.
    "@media": "mobile and dark-mode adjustments only",
    # Clients that replace <body> by a <div> lose its margin and background; the outer
    # table repeats the background and nothing else is set on <body>.
    "<body> element": "its styles are repeated on the outer table",
    # The button's rounded corners: Outlook for Windows shows square ones.
    "border-radius": "square corners where unsupported",
    # role="presentation" only tells screen readers the layout tables hold no data; where
    # it is dropped the layout is the same.
    "role attribute": "an accessibility hint on layout tables",
}
# Allowed only inside the hidden preheader (the inbox preview text): where hiding fails,
# the preview text shows as one 1px line above the email, in the background colour.
PREHEADER_ALLOWED: dict[str, str] = {
    "display:none": "hides the preheader; the fallbacks below keep it out of sight",
    "overflow": "one of the preheader's hiding fallbacks",
    "opacity": "one of the preheader's hiding fallbacks",
}
PREHEADER = re.compile(
    r'<(div|span)\b[^>]*\bclass="(?:[^"]*\s)?preheader(?:\s[^"]*)?"[^>]*>.*?</\1>', re.S | re.I
)

Pair = tuple[str, str]  # (feature, client)


class CheckFailed(Exception):
    """Node or the package is there but the check did not answer."""


def split_preheader(html: str) -> tuple[str, str]:
    """``(email without its hidden preheader, the preheader element)``; ``""`` if none."""
    match = PREHEADER.search(html)
    if match is None:
        return html, ""
    return html[: match.start()] + html[match.end() :], match[0]


def unsupported_lines(pairs: Iterable[Pair]) -> list[str]:
    """One line per feature: the feature and the clients that do not support it."""
    by_feature: dict[str, set[str]] = {}
    for feature, client in pairs:
        by_feature.setdefault(feature, set()).add(client)
    order = {client: n for n, client in enumerate(CLIENTS)}
    return [
        f"`{feature}` is not supported by "
        + ", ".join(sorted(clients, key=lambda c: (order.get(c, len(order)), c)))
        for feature, clients in sorted(by_feature.items())
    ]


def not_allowed(pairs: Iterable[Pair], allowed: Mapping[str, str]) -> set[Pair]:
    return {(feature, client) for feature, client in pairs if feature not in allowed}


def compat_problems(html: str, checker: Checker) -> list[str]:
    """The email's unsupported features outside the allow-lists, as one problem (or none)."""
    body, preheader = split_preheader(html)
    pairs = not_allowed(checker.unsupported(body), ALLOWED)
    if preheader:
        pairs |= not_allowed(checker.unsupported(preheader), ALLOWED | PREHEADER_ALLOWED)
    if not pairs:
        return []
    return [
        "it uses what some email clients do not support (caniemail.com); take the HTML that "
        "uses it out of the special or the posts' summaries (or out of "
        "theme/templates/email/), or give it a fallback:\n  "
        + "\n  ".join(unsupported_lines(pairs))
    ]


def installed_version(root: Path) -> str | None:
    """The version of the package in ``root/node_modules``, or None when it is not there."""
    manifest = read_json(root / "node_modules" / PACKAGE / "package.json")
    return manifest.get("version") if isinstance(manifest, dict) else None


def node_binary() -> str | None:
    return shutil.which("node") or shutil.which("nodejs")


class Checker:
    """doiuse_check.mjs in one Node process, started on the first email not in the memo."""

    def __init__(self, root: Path, memo: Path | None = None, reuse: bool = True) -> None:
        self.root = root
        self.node = node_binary()
        self.version = installed_version(root)
        self.missing = self._missing()
        self._proc: subprocess.Popen[str] | None = None
        self._stderr: IO[bytes] | None = None
        self._memo_file = memo
        saved = read_json(memo) if memo is not None and reuse else None
        self._memo: dict[str, list[Pair]] = saved if isinstance(saved, dict) else {}
        self._salt = f"{self.version}\0{','.join(CLIENTS)}\0".encode() + (
            SCRIPT.read_bytes() if SCRIPT.is_file() else b""
        )

    def _missing(self) -> str | None:
        if self.node is None:
            return (
                f"Node is not installed; to enable it, apt-get install -y nodejs npm and {NPM_CI}"
            )
        if self.version is None:
            return f"{PACKAGE} is not installed; to enable it, {NPM_CI}"
        return None

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def unsupported(self, html: str) -> set[Pair]:
        """The (feature, client) pairs of ``CLIENTS`` that do not support what ``html`` uses."""
        key = hashlib.blake2b(self._salt + html.encode(), digest_size=16).hexdigest()
        known = key in self._memo
        if known:
            pairs = self._memo.pop(key)
        else:
            answer = self._ask(json.dumps({"html": html}))
            if "error" in answer or answer.get("unparsed"):
                raise CheckFailed(str(answer.get("error") or answer["unparsed"][0]))
            pairs = sorted(
                {(str(feature), str(client)) for feature, client in answer["unsupported"]}
            )
        self._memo[key] = pairs  # the last used last: the oldest are dropped first
        if not known:
            self._memo = dict(list(self._memo.items())[-MEMO_ENTRIES:])
            if self._memo_file is not None:
                write_json(self._memo_file, self._memo)
        return {(feature, client) for feature, client in pairs}

    def _start(self) -> None:
        if self.missing:
            raise CheckFailed(self.missing)
        version = subprocess.run(
            [str(self.node), "--version"], capture_output=True, text=True, timeout=TIMEOUT
        ).stdout.strip()
        major = re.match(r"v(\d+)\.", version)
        if major is None or int(major[1]) < MIN_NODE:
            self.missing = (
                f"Node {version or '(of unknown version)'} is older than {MIN_NODE}; to enable "
                f"it, install a newer Node and {NPM_CI}"
            )
            raise CheckFailed(self.missing)
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._proc = subprocess.Popen(
            [str(self.node), str(SCRIPT), str(self.root), *CLIENTS],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
        )
        hello = self._answer()
        if not hello.get("ready"):
            raise CheckFailed(str(hello.get("error") or hello))
        if set(hello.get("clients", [])) != set(CLIENTS):
            unknown = sorted(set(CLIENTS) - set(hello.get("clients", [])))
            raise CheckFailed(f"{PACKAGE} {self.version} does not know {', '.join(unknown)}")

    def _ask(self, line: str) -> dict[str, Any]:
        if self._proc is None:
            self._start()
        assert self._proc is not None and self._proc.stdin is not None
        try:
            self._proc.stdin.write(line + "\n")
            self._proc.stdin.flush()
        except OSError as err:
            raise CheckFailed(f"Node stopped: {self._last_error() or err}") from None
        return self._answer()

    def _answer(self) -> dict[str, Any]:
        assert self._proc is not None and self._proc.stdout is not None
        ready, _, _ = select.select([self._proc.stdout], [], [], TIMEOUT)
        line = self._proc.stdout.readline() if ready else None
        if line is None:
            self.close()
            raise CheckFailed(f"no answer from Node within {TIMEOUT:.0f} s")
        if not line:
            raise CheckFailed(f"Node stopped: {self._last_error() or 'no output'}")
        try:
            answer = json.loads(line)
        except ValueError:
            raise CheckFailed(f"unexpected output from Node: {line[:200]!r}") from None
        return answer if isinstance(answer, dict) else {"error": repr(answer)}

    def _last_error(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    def close(self) -> None:
        """End the Node process (if one was started)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()  # a forked build worker may hold its input open: EOF is not enough
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None


_checkers: weakref.WeakKeyDictionary[Any, Checker] = weakref.WeakKeyDictionary()


def email_compat_problems(html: str, generator: Any) -> list[str]:
    """``compat_problems`` for a build: one Checker (and Node process) per ``generator``.

    Its settings give the project folder (``PATH``'s parent, holding node_modules/) and the
    build cache. When the check cannot run, it logs one warning per build and finds nothing.
    """
    checker = _checkers.get(generator)
    if checker is None:
        settings = generator.settings
        cache = settings.get("CACHE_PATH")
        checker = Checker(
            Path(settings["PATH"]).parent,
            Path(cache) / "email-compat.json" if cache else None,
            reuse=settings.get("LOAD_CONTENT_CACHE", True),
        )
        _checkers[generator] = checker
        weakref.finalize(generator, checker.close)
        if checker.missing:
            _warn_skipped(checker.missing)
    if checker.missing:
        return []
    try:
        return compat_problems(html, checker)
    except CheckFailed as err:
        if checker.missing:  # found out only when starting Node (too old)
            _warn_skipped(checker.missing)
            return []
        return [f"the email compatibility check did not work ({err}); run `npm ci` again"]


def _warn_skipped(reason: str) -> None:
    log.warning(
        f"the email compatibility check (Gmail, Outlook, Apple Mail, Yahoo) was skipped: {reason}."
    )
