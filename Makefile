# rocketmq-lag-exporter: `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

.PHONY: build
build: node_modules ## Compile the exporter to dist/
	npm run --silent build

.PHONY: check
check: node_modules ## Type-check everything (seconds)
	npm run --silent check

.PHONY: test
test: node_modules ## Install what the tests need, then run every test (unit, simulator, integration, end to end)
	./scripts/install-test-deps.sh
	npm run --silent check
	npm test

.PHONY: demo
demo: node_modules ## Run the exporter against the bundled console simulator (live, login enabled)
	npm run --silent demo

.PHONY: run
run: build ## Run the exporter, configured by the environment (see env.default.config)
	node dist/main.js

.PHONY: clean
clean: ## Remove build output
	rm -rf dist

.PHONY: docs
docs: node_modules ## Regenerate the README's configuration and metrics tables from the code
	node --import tsx scripts/docs-tables.ts
