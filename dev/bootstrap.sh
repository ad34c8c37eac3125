#!/usr/bin/env bash
# Creates .venv (if missing) and installs pyo2bias with the extras it is asked for.
# Re-installs only when pyproject.toml changed since the last install.
# Usage: source dev/bootstrap.sh [extras]   (default extras: standalone)
set -euo pipefail
_top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_extras="${1:-standalone}"
_venv="${PYO2BIAS_VENV:-$_top/.venv}"
_python="${PYTHON:-python3}"
if [ ! -x "$_venv/bin/python" ]; then
  echo "[pyo2bias] creating $_venv" >&2
  "$_python" -m venv "$_venv"
  "$_venv/bin/python" -m pip install --quiet --upgrade pip
fi
_stamp="$_venv/.pyo2bias-installed-$_extras"
_want="$(sha256sum "$_top/pyproject.toml" | cut -d' ' -f1)"
if [ ! -f "$_stamp" ] || [ "$(cat "$_stamp")" != "$_want" ]; then
  echo "[pyo2bias] installing pyo2bias[$_extras] into $_venv" >&2
  "$_venv/bin/python" -m pip install --quiet -e "$_top[$_extras]"
  echo "$_want" > "$_stamp"
fi
case ",$_extras," in
  *,standalone,*) "$_venv/bin/python" "$_top/dev/fetch_pythia_headers.py" ;;  # once; see the script
esac
export PATH="$_venv/bin:$PATH"
