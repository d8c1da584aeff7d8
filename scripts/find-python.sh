#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 interpreter, or explains what to install and exits 1.
# Looks at $PYTHON, then python3.13/python3.12 on PATH, then pyenv's versions, then python3.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for v in python3.12 python3.13 python3.14; do
  p=$(command -v "$v" 2>/dev/null) && candidates+=("$p")
done
root=${PYENV_ROOT:-$HOME/.pyenv}
command -v pyenv >/dev/null 2>&1 && root=$(pyenv root 2>/dev/null || echo "$root")
for p in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V); do candidates+=("$p"); done
p=$(command -v python3 2>/dev/null) && candidates+=("$p")
for c in "${candidates[@]}"; do
  if ok "$c"; then "$c" -c 'import sys; print(sys.executable)'; exit 0; fi
done
cat >&2 <<MSG
未找到 Python 3.12 或更高版本。/ No Python >= 3.12 found.
Innovoucher needs Python 3.12+ (Django 6.1 requires it). Install one of:
  - pyenv:   pyenv install 3.12
  - Debian:  apt-get install python3.12 python3.12-venv   (where packaged)
or point PYTHON=/path/to/python3.12 at an existing interpreter and run make again.
MSG
exit 1
