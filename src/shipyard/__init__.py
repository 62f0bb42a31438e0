"""shipyard: scaffold, check, run and migrate Python microservice monorepos."""

__version__ = "0.1.0"  # the single source: pyproject reads it through hatchling
