"""shipyard: scaffold, check, run and migrate Python microservice monorepos."""

from importlib.metadata import version

__version__ = version("shipyard")
