"""The library's own version, stamped on every Assessment (kept in step with pyproject.toml by a test)."""

VERSION = "0.1.0"
