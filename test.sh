#!/usr/bin/env bash
# The whole test suite. Sets itself up on a fresh clone (creates .venv, installs), then runs
# ruff and pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
source dev/bootstrap.sh standalone,test
ruff check pyo2bias tests bench
exec python -m pytest "$@"
