# The shop payments platform. `make run` starts everything; `make test` runs the whole suite.
SHELL := /bin/bash
UV ?= uv
# The services come from one registry, libs/common/src/common/registry.py (see README: adding a service).
REGISTRY = $(UV) run --no-sync python -m common.registry
PYTEST_ARGS ?=
# The gateway `make seed` and `make walkthrough` talk to (a running `make run`).
GATEWAY ?= http://localhost:8000

.DEFAULT_GOAL := help
.PHONY: help install browser check databases migrate admin run test lint typecheck fmt pytest chaos bench compose-check client seed walkthrough

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-14s %s\n", $$1, $$2}'

install: ## Install uv (if missing) and every package of the workspace into .venv
	@command -v $(UV) >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@$(UV) sync --all-packages --locked --quiet

browser: ## Install Debian's Chromium for the checkout page browser test (if missing)
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

check: install ## Check that PostgreSQL, RabbitMQ and Redis answer (and say how to start them)
	@$(UV) run --no-sync python -m common.devtools check

databases: check ## Create each service's database if missing
	@$(UV) run --no-sync python -m common.devtools databases

migrate: databases ## Run every service's migrations (alembic upgrade head)
	@$(UV) run --no-sync python -m common.devtools migrate

admin: migrate ## Create the admin account from settings (AUTH_ADMIN_*)
	@$(UV) run --no-sync auth-admin

run: admin ## Install, create databases, migrate, create the admin, start everything (gateway on :8000)
	@echo "gateway: http://localhost:8000   docs: http://localhost:8000/docs   mail: printed below"
	@$(REGISTRY) procfile | cmp -s - deploy/Procfile || $(REGISTRY) procfile > deploy/Procfile
	@$(UV) run --no-sync honcho start -f deploy/Procfile -d .

lint: install ## ruff (lint + format check) and import-linter contracts
	@$(UV) run --no-sync ruff check .
	@$(UV) run --no-sync ruff format --check .
	@$(UV) run --no-sync lint-imports

typecheck: install ## mypy --strict on every package, the generated client and the examples
	@$(UV) run --no-sync mypy $$($(REGISTRY) mypy)
	@$(UV) run --no-sync mypy -p shop_client
	@$(UV) run --no-sync mypy clients/generate.py examples tests/e2e/test_python_client.py

fmt: install ## Format and auto-fix
	@$(UV) run --no-sync ruff format .
	@$(UV) run --no-sync ruff check --fix .

pytest: check browser ## The pytest suite only (real PostgreSQL, RabbitMQ, Redis), then a short chaos round
	@$(UV) run --no-sync pytest --ignore=tests/chaos $(PYTEST_ARGS)
	@CHAOS_ORDERS=30 E2E_BASE_PORT=$${E2E_BASE_PORT:-18100} $(UV) run --no-sync pytest tests/chaos -q

chaos: check ## The long chaos run: 200 orders while broker, database and workers fail (see README)
	@CHAOS_ORDERS=$${CHAOS_ORDERS:-200} $(UV) run --no-sync pytest tests/chaos -s -q

test: lint typecheck compose-check pytest ## Everything CI runs: lint, types, compose validation, tests

client: install ## Regenerate the typed Python client (clients/python) from the merged OpenAPI document
	@$(UV) run --no-sync python clients/generate.py

seed: install ## Demo sellers, products and buyers with cards on a running `make run` (GATEWAY=url)
	@$(UV) run --no-sync python examples/seed.py --gateway $(GATEWAY)

walkthrough: install ## The main flow step by step against a running `make run` (GATEWAY=url)
	@$(UV) run --no-sync python examples/walkthrough.py --gateway $(GATEWAY)

compose-check: install ## Validate deploy/compose.yml
	@$(UV) run --no-sync python deploy/validate_compose.py deploy/compose.yml

bench: check ## Performance benchmarks with wrk (results in bench/results.md, < 10 minutes)
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	@$(UV) run --no-sync python -m bench.run
