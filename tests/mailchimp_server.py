"""Run the loopback Mailchimp stand-in by hand, or import it in tests.

In tests::

    with MailchimpStandIn() as server:
        env = server.env()          # MAILCHIMP_API_KEY, MAILCHIMP_AUDIENCE_ID, MAILCHIMP_API_URL
        server.add_fault(method="POST", path=r"^/campaigns$", status=503)

By hand::

    python tests/mailchimp_server.py --port 8765 [--plan free]

The server itself is the package ``tests/mailchimp_standin``.
"""

from __future__ import annotations

import argparse
import errno
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mailchimp_standin import (
    FAKE_API_KEY,
    FAKE_AUDIENCE_ID,
    Fault,
    MailchimpStandIn,
    RecordedRequest,
)
from mailchimp_standin.account import PLANS

__all__ = ["FAKE_API_KEY", "FAKE_AUDIENCE_ID", "Fault", "MailchimpStandIn", "RecordedRequest"]


def serve(argv: list[str] | None = None) -> int:
    """Run the stand-in in the foreground until Ctrl-C; returns the exit code."""
    parser = argparse.ArgumentParser(description="A loopback stand-in for Mailchimp's API.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--key", default=FAKE_API_KEY, help="the API key to accept")
    parser.add_argument("--audience", default=FAKE_AUDIENCE_ID, help="the audience (list) id")
    parser.add_argument("--plan", choices=PLANS, default="standard", help="the account's plan")
    parser.add_argument("--instant-send", action="store_true", help="send goes straight to sent")
    args = parser.parse_args(argv)
    server = MailchimpStandIn(
        args.key, args.audience, port=args.port, instant_send=args.instant_send, plan=args.plan
    )
    try:
        server.start()
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        print(
            f"error: port {args.port} is already in use (another stand-in may be running); "
            "stop it, or choose another port: python tests/mailchimp_server.py --port 8766",
            file=sys.stderr,
        )
        return 1
    print(f"Mailchimp stand-in listening on {server.url}")
    for name, value in server.env().items():
        print(f"export {name}={value}")
    print(f"Plan: {args.plan}. Ctrl-C to stop.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(serve())
