# shipyard's own entry points. `make demo` and `make test` work on a fresh machine.
.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
# A uv installed by scripts/bootstrap.sh lives here; generated workspaces need it on PATH too.
export PATH := $(CURDIR)/.tools/bin:$(PATH)
DEMO_DIR ?= $(CURDIR)/.demo

.PHONY: help setup test test-fast lint demo demo-e2e bench bench-service

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z0-9-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: ## Install uv if missing, then shipyard and its dev tools into .venv
	@scripts/bootstrap.sh > /dev/null
	uv sync --frozen

test: setup lint ## Lint, type check, and run every test (unit, end-to-end, containers)
	uv run pytest

test-fast: setup ## Unit tests only (no network, seconds)
	uv run pytest tests/unit

lint: ## ruff and mypy on shipyard itself
	uv run ruff check .
	uv run ruff format --check .
	uv run mypy

demo: setup ## Generate the shop example in .demo/shop and run it with shipyard up
	scripts/demo.sh "$(DEMO_DIR)"

demo-e2e: ## While `make demo` runs: the shop's customer journey (its tests/e2e) against it
	$(MAKE) -C "$(DEMO_DIR)/shop" test-e2e

bench: setup ## Measure new + 2 services + uv sync + generated tests (see bench/README.md)
	bench/new_workspace.sh

bench-service: setup ## A generated service against the full-stack FastAPI template, with wrk [ARGS=]
	uv run python bench/service/run.py $(ARGS)
