"""The publish-time half of the newsletter: send the built email to Mailchimp as a campaign.

``invoke campaign`` (tasks.py) calls :func:`campaign.command.campaign_command`. The sync never
renders: it reads ``build/newsletter/YYYY-MM/`` through ``coachsite.edition_files``, so what was
previewed is what is sent. It imports nothing of Pelican.

- ``config``: the MAILCHIMP_* environment, the site settings it needs, the official client;
- ``api``: calls with timeouts, bounded retries (tenacity) and Mailchimp's errors in one line;
- ``request``: the command line's flags and the schedule rules, checked before any call;
- ``ledger``: ``newsletter/ledger.json``, the record of each month's campaign (committed);
- ``lookup``: finding the month's campaign (ledger id, then exact title) and creating it once;
- ``checklist``, ``sender``, ``live``: what must be true before a test, schedule or send;
- ``actions``: push, test, schedule, send, unschedule; ``report``: the dry run;
- ``command``: the entry point tying them together.
"""
