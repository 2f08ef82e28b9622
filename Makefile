# pshcron: the one entry point. `make demo` and `make test` are the quick start.
.DEFAULT_GOAL := test

GO       ?= go
VERSION  ?= dev
COMMIT   ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
LDFLAGS  := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT)
BIN      := bin

.PHONY: build test demo lint fuzz clean

## build: bin/pshcron as released (static, stripped) and bin/pshcron-emulator
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/pshcron .
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN)/pshcron-emulator ./cmd/pshcron-emulator

## test: vet, then every test with the race detector (unit, fuzz seeds, contract, end to end)
test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

## demo: build, start the emulator on a free loopback port, show pshcron at work
demo: build
	@sh scripts/demo.sh $(BIN)

## lint: gofmt and vet (and shellcheck when installed)
lint:
	@test -z "$$(gofmt -l .)" || { gofmt -l .; echo 'gofmt: the files above need formatting'; exit 1; }
	$(GO) vet ./...
	@if command -v shellcheck >/dev/null; then shellcheck scripts/*.sh .ci/run; else echo 'shellcheck not installed: skipped'; fi

## fuzz: run each fuzz target for a while (FUZZTIME=30s)
FUZZTIME ?= 15s
fuzz:
	$(GO) test -run=NONE -fuzz=FuzzRoutes -fuzztime=$(FUZZTIME) ./envdetect
	$(GO) test -run=NONE -fuzz=FuzzVariables -fuzztime=$(FUZZTIME) ./envdetect
	$(GO) test -run=NONE -fuzz=FuzzParseRetryAfter -fuzztime=$(FUZZTIME) ./internal/httpretry

clean:
	rm -rf $(BIN) dist
