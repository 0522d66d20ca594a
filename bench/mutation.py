"""Mutation testing of the core modules: do their tests notice a small change? (issue 16)

    .venv/bin/python -m bench.mutation                          # every module in TESTS
    .venv/bin/python -m bench.mutation --module campaign/ledger.py --sample 80 --seed 1

For each module, ``--sample`` mutants (bench/mutants.py) are drawn with a seeded generator, so
a run is repeatable. Each is written into one scratch copy of the project in /tmp (the working
tree is never touched) and the module's mapped tests run against it (``pytest -x``, a timeout
per mutant, which counts as a kill). A kill is confirmed by running the failing test alone; a
failure that does not happen alone counts as a survivor. The table gives each module's score
(killed / (mutants - equivalent)); each survivor's line, operator and change is printed and
written to test-artifacts/mutation/<module>.txt. Not part of `make test` or CI: `make mutation`.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from queue import Queue

if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.equivalents import EQUIVALENT
from bench.mutants import Mutant, baseline_source, mutants, mutated_source

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts" / "mutation"
COPIED = (
    "bench",
    "campaign",
    "coachsite",
    "content",
    "newsletter",
    "plugins",
    "tests",
    "theme",
    "pelicanconf.py",
    "publishconf.py",
    "pyproject.toml",
    "tasks.py",
)
# Each module and the few fast test files that exercise it (files not written yet are skipped).
TESTS: dict[str, tuple[str, ...]] = {
    "plugins/coach_consult/selection.py": (
        "tests/consult/test_consult_selection.py",
        "tests/consult/test_selection_edges.py",
    ),
    "plugins/coach_newsletter/email_steps.py": (
        "tests/newsletter/test_email_steps.py",
        "tests/newsletter/test_email_steps_edges.py",
    ),
    "coachsite/links.py": (
        "tests/test_links.py",
        "tests/newsletter/test_email_steps.py",
        "tests/newsletter/test_email_steps_edges.py",
        "tests/feeds/test_feeds_units.py",
        "tests/consult/test_consult_units.py",
    ),
    "campaign/ledger.py": (
        "tests/campaign_sync/test_units.py",
        "tests/campaign_sync/test_ledger_rules.py",
        "tests/campaign_sync/test_push.py",
    ),
    "campaign/request.py": (
        "tests/campaign_sync/test_units.py",
        "tests/campaign_sync/test_schedule_rules.py",
        "tests/campaign_sync/test_send_rules.py",
    ),
    "campaign/lookup.py": (
        "tests/campaign_sync/test_find_rules.py",
        "tests/campaign_sync/test_create_once.py",
        "tests/campaign_sync/test_push.py",
        "tests/campaign_sync/test_lost_answers.py",
    ),
    "plugins/coach_consult/validation.py": (
        "tests/consult/test_consult_validation.py",
        "tests/consult/test_validation_edges.py",
        "tests/consult/test_special_overlaps.py",
    ),
    "coachsite/content_check.py": (
        "tests/test_content_check_units.py",
        "tests/test_content_check_files.py",
    ),
}
# Rows adding up several modules, as issue 16's table had them.
GROUPS = {
    "campaign ledger/schedule/find": (
        "campaign/ledger.py",
        "campaign/request.py",
        "campaign/lookup.py",
    )
}
FAILED_TEST = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)


@dataclass
class Outcome:
    mutant: Mutant
    killed: bool
    how: str  # the test that killed it, "timeout", or why it survived


@dataclass
class Score:
    module: str
    outcomes: list[tuple[str, Outcome]] = field(default_factory=list)  # (module, outcome)
    tests: list[str] = field(default_factory=list)

    def _equivalent(self, module: str, outcome: Outcome) -> bool:
        return not outcome.killed and outcome.mutant.key in EQUIVALENT.get(module, {})

    @property
    def equivalent(self) -> list[Outcome]:
        return [o for m, o in self.outcomes if self._equivalent(m, o)]

    @property
    def survivors(self) -> list[Outcome]:
        return [o for m, o in self.outcomes if not o.killed and not self._equivalent(m, o)]

    @property
    def killed(self) -> int:
        return sum(o.killed for _, o in self.outcomes)

    @property
    def percent(self) -> float:
        counted = len(self.outcomes) - len(self.equivalent)
        return 100.0 * self.killed / counted if counted else 100.0


class Scratch:
    """One copy of the project in /tmp where mutants are written and tested."""

    def __init__(self, parent: Path, number: int) -> None:
        self.root = parent / f"copy{number}"
        ignored = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, self.root / name, ignore=ignored)
            elif source.exists():
                shutil.copy2(source, self.root / name)
        self.runs = 0

    def pytest(self, tests: Sequence[str], timeout: float, *, first_failure: bool) -> Run:
        """Run pytest on ``tests`` in this copy; a run over ``timeout`` seconds is stopped."""
        self.runs += 1
        basetemp = self.root.parent / f"{self.root.name}-tmp{self.runs}"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfE"]
        command += ["-x"] * first_failure + [f"--basetemp={basetemp}", *tests]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        started = time.monotonic()
        process = subprocess.Popen(
            command,
            cwd=self.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return Run(None, "", time.monotonic() - started)
        finally:
            shutil.rmtree(basetemp, ignore_errors=True)
        return Run(process.returncode, output, time.monotonic() - started)


@dataclass
class Run:
    code: int | None  # None: stopped at the timeout
    output: str
    seconds: float

    @property
    def failed_tests(self) -> list[str]:
        return FAILED_TEST.findall(self.output)


def try_mutant(
    scratch: Scratch, module: str, source: str, mutant: Mutant, timeout: float
) -> Outcome:
    """Write the mutant, run the module's tests, confirm a kill alone; restore the module."""
    tests = mapped_tests(module, scratch.root)
    target = scratch.root / module
    target.write_text(
        mutated_source(source, mutant.index, mutant.operator, mutant.variant), "utf-8"
    )
    try:
        run = scratch.pytest(tests, timeout, first_failure=True)
        if run.code is None:
            return Outcome(mutant, True, "timeout")
        if run.code == 0:
            return Outcome(mutant, False, "no test failed")
        failed = run.failed_tests
        if not failed:
            return Outcome(mutant, True, f"pytest exit {run.code}")
        alone = scratch.pytest([failed[0]], timeout, first_failure=False)
        if alone.code == 0:
            return Outcome(mutant, False, f"{failed[0]} passes when run alone")
        return Outcome(mutant, True, "timeout" if alone.code is None else failed[0])
    finally:
        target.write_text(baseline_source(source), "utf-8")


def mapped_tests(module: str, root: Path = ROOT) -> list[str]:
    """The module's test files that exist (in the scratch copy: as they were at the start)."""
    return [test for test in TESTS[module] if (root / test).exists()]


def sample(module: str, source: str, size: int, seed: int) -> list[Mutant]:
    """``size`` mutants drawn with a generator seeded by ``seed`` and the module's path."""
    every = mutants(source)
    chosen = random.Random(f"{seed}:{module}").sample(every, min(size, len(every)))
    return sorted(chosen, key=lambda m: (m.line, m.index, m.operator, m.variant))


def measure(module: str, args: argparse.Namespace, copies: Queue[Scratch]) -> Score:
    scratch = copies.get()
    source = (scratch.root / module).read_text("utf-8")
    tests = mapped_tests(module, scratch.root)
    chosen = sample(module, source, args.sample, args.seed)
    try:
        (scratch.root / module).write_text(baseline_source(source), "utf-8")
        baseline = scratch.pytest(tests, 600, first_failure=False)
    finally:
        copies.put(scratch)
    if baseline.code != 0:
        sys.exit(f"{module}: its tests fail without any mutant:\n{baseline.output[-3000:]}")
    timeout = args.timeout or max(20.0, 4 * baseline.seconds)
    print(f"{module}: {len(chosen)} mutants, tests {' '.join(tests)} ({baseline.seconds:.1f} s)")

    def one(mutant: Mutant) -> Outcome:
        scratch = copies.get()
        try:
            return try_mutant(scratch, module, source, mutant, timeout)
        finally:
            copies.put(scratch)

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        outcomes = list(pool.map(one, chosen))
    for copy in list(copies.queue):
        (copy.root / module).write_text(source, "utf-8")
    return Score(module, [(module, outcome) for outcome in outcomes], tests)


def table(scores: Sequence[Score]) -> str:
    rows = [("module", "mutants", "killed", "survived", "equivalent", "%")]
    measured = {score.module: score for score in scores}
    for name, members in GROUPS.items():
        if all(member in measured for member in members):
            outcomes = [pair for member in members for pair in measured[member].outcomes]
            scores = [*scores, Score(name, outcomes)]
    for score in scores:
        rows.append(
            (
                score.module,
                str(len(score.outcomes)),
                str(score.killed),
                str(len(score.survivors)),
                str(len(score.equivalent)),
                f"{score.percent:.1f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(score: Score) -> str:
    known = EQUIVALENT.get(score.module, {})
    lines = [
        f"{score.module}: {score.killed} of {len(score.outcomes)} mutants killed, "
        f"{len(score.equivalent)} equivalent, {score.percent:.1f} %",
        f"tests: {' '.join(score.tests)}",
        "",
        f"survivors ({len(score.survivors)}):",
    ]
    lines += [f"  {o.mutant.describe()}  [{o.how}]" for o in score.survivors] or ["  none"]
    if score.equivalent:
        lines += ["", "equivalent (not counted):"]
        lines += [f"  {o.mutant.describe()}\n      {known[o.mutant.key]}" for o in score.equivalent]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", choices=sorted(TESTS), metavar="PATH")
    parser.add_argument("--sample", type=int, default=80, help="mutants per module (80)")
    parser.add_argument("--seed", type=int, default=1, help="the sampling seed (1)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants tested at once (1)")
    parser.add_argument("--timeout", type=float, help="seconds per mutant (4x the tests' time)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copies")
    args = parser.parse_args(argv)
    modules = args.module or list(TESTS)
    parent = Path(tempfile.mkdtemp(prefix="coach-mutation-"))
    copies: Queue[Scratch] = Queue()
    for number in range(args.jobs):
        copies.put(Scratch(parent, number))
    try:
        scores = [measure(module, args, copies) for module in modules]
    finally:
        if not args.keep:
            shutil.rmtree(parent, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for score in scores:
        text = report(score)
        (ARTIFACTS / (score.module.removesuffix(".py").replace("/", ".") + ".txt")).write_text(
            text, "utf-8"
        )
        print("\n" + text, end="")
    print("\n" + table(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
