"""The Python and uv that generated images and workspaces use: one place for the scaffold and
adopt alike. Bump UV_VERSION together with the tests that build images."""

PYTHON = "3.11"
UV_VERSION = "0.13.9"
