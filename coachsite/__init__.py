"""Build tooling for the coach's site: the atomic build driver and the content checks."""
