# The two commands of a fresh machine: `make demo` and `make test` (see README.md).
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test bench setup stop-db

demo:
	bash scripts/setup.sh
	PORT=$(PORT) bash scripts/demo.sh

test:
	bash scripts/setup.sh dev
	bash scripts/test.sh $(PYTEST_ARGS)

bench:
	bash scripts/setup.sh dev
	bash scripts/bench.sh

setup:
	bash scripts/setup.sh dev

stop-db:
	bash scripts/postgres.sh stop
