#!/usr/bin/env bash
# The main job. Sets itself up on a fresh clone (creates .venv, installs), then runs pyo2bias.
# Without arguments it runs the default job; any arguments are passed to the `pyo2bias` command.
set -euo pipefail
cd "$(dirname "$0")"
source dev/bootstrap.sh standalone
if [ "$#" -eq 0 ]; then
  # Until the biasing loop lands: summarise the real O2 sample shipped beside the project.
  set -- inspect ../shared/data/o2-real-2021/o2sim
fi
exec pyo2bias "$@"
