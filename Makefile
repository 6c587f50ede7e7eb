# The shop payments platform. `make run` starts everything; `make test` runs the whole suite.
SHELL := /bin/bash
UV ?= uv
SERVICES := services/auth services/catalog services/orders services/payments services/sandbox-provider
PACKAGES := -p common -p auth -p catalog -p orders -p payments -p sandbox_provider -p gateway
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install browser check databases migrate admin run test lint typecheck fmt pytest bench compose-check

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
	@$(UV) run --no-sync python -m common.devtools databases $(SERVICES)

migrate: databases ## Run every service's migrations (alembic upgrade head)
	@$(UV) run --no-sync python -m common.devtools migrate $(SERVICES)

admin: migrate ## Create the admin account from settings (AUTH_ADMIN_*)
	@$(UV) run --no-sync auth-admin

run: admin ## Install, create databases, migrate, create the admin, start everything (gateway on :8000)
	@echo "gateway: http://localhost:8000   docs: http://localhost:8000/docs   mail: printed below"
	@$(UV) run --no-sync honcho start -f deploy/Procfile -d .

lint: install ## ruff (lint + format check) and import-linter contracts
	@$(UV) run --no-sync ruff check .
	@$(UV) run --no-sync ruff format --check .
	@$(UV) run --no-sync lint-imports

typecheck: install ## mypy --strict on every package
	@$(UV) run --no-sync mypy $(PACKAGES)

fmt: install ## Format and auto-fix
	@$(UV) run --no-sync ruff format .
	@$(UV) run --no-sync ruff check --fix .

pytest: check browser ## The pytest suite only (real PostgreSQL, RabbitMQ, Redis)
	@$(UV) run --no-sync pytest $(PYTEST_ARGS)

test: lint typecheck compose-check pytest ## Everything CI runs: lint, types, compose validation, tests

compose-check: install ## Validate deploy/compose.yml
	@$(UV) run --no-sync python deploy/validate_compose.py deploy/compose.yml

bench: check ## Performance benchmarks with wrk (results in bench/results.md, < 10 minutes)
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	@$(UV) run --no-sync python -m bench.run
