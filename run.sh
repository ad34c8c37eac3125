#!/usr/bin/env bash
# The main job. Sets itself up on a fresh clone (creates .venv, installs), then runs the biasing
# demo on the embedded simulation service: conf/pi0_double_conversion.yaml (O2's
# SimAsService_biasing1 example) to 20 triggered, fully transported events in
# runs/pi0_double_conversion/ (report.json and plots there). Run again: it resumes (or, when
# done, only re-reports). Any arguments are passed to the `pyo2bias` command instead.
set -euo pipefail
cd "$(dirname "$0")"
source dev/bootstrap.sh standalone
if [ "$#" -eq 0 ]; then
  set -- run conf/pi0_double_conversion.yaml --resume
fi
exec pyo2bias "$@"
