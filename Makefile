# pshcron: the one entry point. `make demo` and `make test` are the quick start.
.DEFAULT_GOAL := test

GO       ?= go
VERSION  ?= dev
COMMIT   ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
PKG      := github.com/pshcron/pshcron/internal/cli
LDFLAGS  := -s -w -X $(PKG).version=$(VERSION) -X $(PKG).commit=$(COMMIT)
# urfave/cli's man and markdown generators are never used: leaving them out
# saves 330 KB and a quarter of a millisecond of start-up. Its suggestions
# are not either (pshcron suggests commands and flags itself): 4 KB. Nor is
# HTTP/2: a cron makes a request or two, a fleet keeps 8 HTTP/1.1 connections
# (MaxIdleConnsPerHost), and net/http's bundled HTTP/2 is 0.37 MiB.
TAGS     := urfave_cli_no_docs,urfave_cli_no_suggest,nethttpomithttp2
BIN      := bin

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: help build test conformance demo dist image bench lint fuzz clean

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

## build: bin/pshcron as released (static, stripped) and bin/pshcron-emulator
build:
	CGO_ENABLED=0 $(GO) build -trimpath -tags $(TAGS) -ldflags '$(LDFLAGS)' -o $(BIN)/pshcron .
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN)/pshcron-emulator ./cmd/pshcron-emulator

## test: vet, then every test with the race detector (unit, fuzz seeds, contract, end to end)
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

## conformance: the official CLI (pinned, installed with npm into ~/.cache once) runs against the emulator: each step exits 0 and leaves the state it says
conformance:
	sh scripts/conformance.sh $(BIN)/conformance.log

## dist: release archives, SHA256SUMS and install.sh in dist/ (VERSION=x.y.z required; SIGNING_KEY=FILE signs them)
dist:
	@test "$(VERSION)" != dev || { echo 'make dist needs VERSION=x.y.z'; exit 2; }
	VERSION=$(VERSION) sh scripts/dist.sh

## image: the container image, an OCI archive in dist/ (static binary, non-root, version in its labels; reproducible; no container engine needed)
IMAGE_ARCH ?= amd64
image:
	@mkdir -p dist $(BIN)
	CGO_ENABLED=0 GOOS=linux GOARCH=$(IMAGE_ARCH) $(GO) build -trimpath -buildvcs=false -tags $(TAGS) \
		-ldflags '-s -w -buildid= -X $(PKG).version=$(VERSION) -X $(PKG).commit=$(COMMIT)' -o $(BIN)/pshcron-linux-$(IMAGE_ARCH) .
	$(GO) run ./tools/image -binary $(BIN)/pshcron-linux-$(IMAGE_ARCH) -arch $(IMAGE_ARCH) -version $(VERSION) -commit $(COMMIT) \
		-epoch "$$(git log -1 --format=%ct 2>/dev/null || echo 0)" -out dist/pshcron_$(VERSION)_linux_$(IMAGE_ARCH)_image.tar
	@echo "image: dist/pshcron_$(VERSION)_linux_$(IMAGE_ARCH)_image.tar (docker load, podman load or skopeo copy oci-archive:...)"

## bench: measure requests, time, memory and size against the emulator and a curl baseline; writes BENCHMARKS.md
BENCH_RUNS ?= 31
bench: build
	@test -x /usr/bin/time || { echo 'bench: installing GNU time, to measure peak RSS'; apt-get update -qq && apt-get install -y -qq time; }
	$(GO) test -run=NONE -bench=. -benchmem ./envdetect ./tokenauth ./api ./tasks ./internal/cli | tee $(BIN)/microbench.txt
	$(GO) run ./tools/bench -pshcron $(BIN)/pshcron -runs $(BENCH_RUNS) -out BENCHMARKS.md
	@printf '\n## Go micro-benchmarks\n\n```\n' >> BENCHMARKS.md
	@grep -E '^(Benchmark|pkg:)' $(BIN)/microbench.txt >> BENCHMARKS.md
	@printf '```\n' >> BENCHMARKS.md

## demo: build, start the emulator on a free loopback port, show pshcron at work
demo: build
	@sh scripts/demo.sh $(BIN)

## lint: gofmt, staticcheck (fetched by go run, pinned) and shellcheck when installed; make test runs vet
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo 'gofmt: the files above need formatting'; exit 1; }
	$(GO) run $(STATICCHECK) ./...
	@if command -v shellcheck >/dev/null; then shellcheck install.sh scripts/*.sh tools/bench/*.sh .ci/run; else echo 'shellcheck not installed: skipped'; fi

## fuzz: run each fuzz target for a while (FUZZTIME, default 15s); make test runs their seeds
FUZZTIME ?= 15s
FUZZ_TARGETS := envdetect:FuzzRoutes envdetect:FuzzVariables internal/httpretry:FuzzParseRetryAfter \
	tokenauth:FuzzTokenAnswer tasks:FuzzActionAnswer tasks:FuzzErrorBody internal/termsafe:FuzzString \
	internal/cronspec:FuzzParse
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz $$t"; \
		$(GO) test -run=NONE -fuzz="^$${t#*:}$$" -fuzztime=$(FUZZTIME) ./$${t%%:*} || exit 1; \
	done

clean:
	rm -rf $(BIN) dist
