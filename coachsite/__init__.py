"""Build tooling for the coach's site: the atomic build driver and the content checks."""

# Modules whose objects are Pelican's or the project's own (plugins/coach_*, coachsite/): the
# render cache encodes them by their attributes, and the up-to-date check walks those.
PROJECT_MODULES = ("pelican.", "coach_", "coachsite")
