"""One build as a whole process: its wall time and peak memory (bench/run.py).

Wall time is measured around the process; peak memory is the larger of the kernel's peak RSS
for the process (and any child it waited for, via wait4) and the peak of the summed RSS of
its process tree, sampled every 0.2 s (catches a helper such as Pagefind running beside
Python).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


class BuildError(RuntimeError):
    """A measured build failed; the message holds its command and output."""


@dataclass
class Sample:
    seconds: float
    peak_mb: float


_PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Bytes resident in ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read()
            with open(f"/proc/{pid}/statm", "rb") as f:
                resident = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents[pid] = int(stat.rsplit(b")", 1)[1].split()[1])
        rss[pid] = resident * _PAGE
    total, todo, seen = 0, [root], set()
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


class _Sampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(OSError):
                self.peak = max(self.peak, _tree_rss(self.pid))
            self.stop.wait(self.interval)


def measure(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Sample:
    """Run ``cmd`` to completion; its wall time and peak memory. Raise BuildError on failure."""
    log_dir = Path(tempfile.mkdtemp(prefix="coach-bench-log-", dir="/tmp"))
    out_path, err_path = log_dir / "stdout", log_dir / "stderr"
    try:
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(
                cmd, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True
            )
            sampler = _Sampler(proc.pid)
            sampler.start()
            timed_out = threading.Event()

            def kill() -> None:
                timed_out.set()
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)

            timer = threading.Timer(timeout, kill)
            timer.start()
            try:
                # Wait without reaping, so the timer can never signal a reused process id.
                os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
                seconds = time.perf_counter() - start
            except BaseException:  # Ctrl+C: end the build we started, then re-raise
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                raise
            finally:
                timer.cancel()
                timer.join()
                sampler.stop.set()
                sampler.join()
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0 or timed_out.is_set():
            why = f"timed out after {timeout:.0f} s" if timed_out.is_set() else "failed"
            raise BuildError(
                f"{shlex.join(cmd)} (in {cwd}) {why} with exit status {proc.returncode}\n"
                + _tail("stderr", err_path)
                + _tail("stdout", out_path)
            )
        peak = max(usage.ru_maxrss * 1024, sampler.peak)  # ru_maxrss is in KiB on Linux
        return Sample(seconds, peak / 2**20)
    finally:
        shutil.rmtree(log_dir, ignore_errors=True)


def _tail(name: str, path: Path, lines: int = 60) -> str:
    text = path.read_text(encoding="utf-8", errors="replace").rstrip()
    if not text:
        return ""
    return f"--- {name} (last {lines} lines) ---\n" + "\n".join(text.splitlines()[-lines:]) + "\n"
