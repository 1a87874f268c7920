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
check: node_modules ## Type-check, lint, and check that nothing reads outside the repository (seconds)
	npm run --silent check
	npx --no-install eslint .
	node --import tsx scripts/check-self-contained.ts

.PHONY: lint
lint: node_modules ## Lint everything with ESLint (seconds)
	npx --no-install eslint .

.PHONY: test
test: check ## Install what the tests need, then check and run every test (unit, simulator, integration, end to end)
	./scripts/install-test-deps.sh
	npm test

.PHONY: demo
demo: node_modules ## Run the exporter against the bundled console simulator (live, login enabled)
	npm run --silent demo

.PHONY: bench
bench: build ## Benchmark the exporter against the simulator at S, M, L, XL (0 and 5 ms latency) and L-hepyu (5 ms), side by side with the Go peer (minutes): bench/REPORT.md
	node --import tsx bench/run.ts

.PHONY: run
run: build ## Run the exporter, configured by the environment (see env.default.config)
	node dist/main.js

.PHONY: bundle
bundle: node_modules ## Bundle the exporter into one file for bare-metal installs: dist/bundle/rocketmq-lag-exporter.cjs
	node --import tsx scripts/bundle.ts

CONTAINER ?= $(if $(shell command -v podman),podman,docker)
IMAGE ?= rocketmq-lag-exporter:$(shell node -p "require('./package.json').version")

.PHONY: image
image: ## Build the container image IMAGE (overrides: BASE, BUILD_BASE, IMAGE_BUILD_FLAGS, CONTAINER=docker)
	$(CONTAINER) build $(if $(BASE),--build-arg BASE=$(BASE)) $(if $(BUILD_BASE),--build-arg BUILD_BASE=$(BUILD_BASE)) $(IMAGE_BUILD_FLAGS) -t $(IMAGE) .

.PHONY: image-test
image-test: node_modules ## Build the image on local stand-in bases and run it against the simulator (podman, minutes)
	./scripts/install-test-deps.sh
	node --import tsx --test --test-reporter=spec test/packaging/image.ts

.PHONY: clean
clean: ## Remove build output
	rm -rf dist

.PHONY: docs
docs: node_modules ## Regenerate every generated file: README tables, env.default.config, the PrometheusRule
	node --import tsx scripts/docs.ts
