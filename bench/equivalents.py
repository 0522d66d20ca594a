"""Equivalent mutants of bench/mutation.py: changes no test can tell apart, with the reason."""

from __future__ import annotations

# Mutants no test can tell apart from the original, by module and Mutant.key, with the reason.
EQUIVALENT: dict[str, dict[str, str]] = {
    "plugins/coach_consult/selection.py": {
        "UnknownCta.__init__: 1 -> 2 in n=1": "get_close_matches lists the best match first "
        "and only close[0] is shown, so asking for two changes nothing",
        "UnknownCta.__init__: 0 -> -1 in close[0]": "with n=1 there is at most one match: "
        "close[-1] is close[0]",
        "choose_cta: None -> ''": "category='' scores like None: topic_key('') is '' and a "
        "CTA's categories never hold '' (topic_keys drops empty keys)",
        "active_special: return None -> pass": "the function's last statement: falling off "
        "the end returns None as well",
    },
    "plugins/coach_newsletter/email_steps.py": {
        "_Collector.__init__: True -> False in convert_charrefs=True": "only <style> text is "
        "collected, and HTMLParser reads <style> as CDATA (no character references) either "
        "way; its pieces add up to the same text",
        "_Collector.handle_starttag: '' -> 'XX' in found['href'] or ''": "a link is only "
        "taken when its href is not empty, so the fallback never applies",
        "collect: parser.close() -> pass": "close() only flushes trailing text and unfinished "
        "tags, and neither is collected (an unclosed <style> yields '' either way)",
        "site_file: 'index.html' -> '' in built_site / 'index.html'": "the page only matters "
        "for relative links; a link into the site becomes root-relative first",
        "site_file: 'index.html' -> 'index.htmlXX' in built_site / 'index.html'": "the page "
        "only matters for relative links; a link into the site becomes root-relative first",
        "email_problems: 1024 -> 1023 in MAX_EMAIL_BYTES // 1024": "92160 // 1023 is 90 too: "
        "the message says 90 KB either way",
        "email_problems: 1024 -> 1023 in MAX_STYLE_BYTES // 1024": "16384 // 1023 is 16 too: "
        "the message says 16 KB either way",
    },
    "coachsite/links.py": {
        "_StartTags.__init__: True -> False in convert_charrefs=True": "only start tags are "
        "recorded, and HTMLParser finds them at the same offsets whether it converts character "
        "references in the text or reports them one by one",
    },
    "campaign/ledger.py": {
        "write_ledger: '\\n' -> '' in newline='\\n'": "on writing, newline='' and "
        "newline='\\n' both write '\\n' untranslated, on every platform",
        "write_ledger: '.ledger-' -> '.ledger-XX' in prefix='.ledger-'": "the temporary file "
        "is still hidden, beside the ledger and named .ledger-*.tmp",
        "Ledger.record: None -> '' in entry.pop(key, None)": "pop's default is thrown away: "
        "only a missing key must not raise",
    },
    "campaign/lookup.py": {
        "find_campaign: None -> '' in campaign is not None": "a campaign Mailchimp does not "
        "know has no list_id, so the audience test refuses it all the same",
        "Creator: 0.0 -> -1.0": "every pause of LOST_CREATE_PAUSES, so every sum, is an even "
        "number of seconds: one second less passes the 30 s bound at the same pause",
        "get_segment: 'type' -> 'typeXX' in ['id', 'name', 'member_count', 'type']": "nothing "
        "reads the segment's type; Mailchimp leaves an unknown field out of its answer",
        "Creator._settle: 0 -> -1 in keep[0]": "keep has exactly one campaign here (more than "
        "one raised just before)",
        "Creator._is_untouched: return False -> return None": "the answer is only used as a "
        "condition, where None is as false as False",
    },
    "coachsite/content_check.py": {
        "markdown_files: None -> ''": "the default root is only used in `root or "
        "folder.parent`, where '' is as false as None",
        "<module>: 'tags' -> '' in ('title', 'slug', 'tags', 'category')": "nothing reads "
        "a remembered file's tags or category: check_terms runs only on files checked "
        "now, and the checks across files use only the title and slug",
        "<module>: 'tags' -> 'tagsXX' in ('title', 'slug', 'tags', 'category')": "nothing reads "
        "a remembered file's tags or category: check_terms runs only on files checked "
        "now, and the checks across files use only the title and slug",
        "<module>: 'category' -> '' in ('title', 'slug', 'tags', 'category')": "nothing reads "
        "a remembered file's tags or category: check_terms runs only on files checked "
        "now, and the checks across files use only the title and slug",
        "<module>: 'category' -> 'categoryXX' in ('title', 'slug', 'tags', 'category')": (
            "nothing reads a remembered file's tags or category: check_terms runs only on files "
            "checked now, and the checks across files use only the title and slug"
        ),
    },
}
