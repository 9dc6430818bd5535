#!/usr/bin/env bash
# Install what KHCN needs to run: uv, the locked Python packages in .venv, gettext.
# Used by `make run` and `make test`; safe to run again (it does nothing when up to date).
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.9
export UV_PYTHON_DOWNLOADS=never   # use the machine's Python 3.11, never download one

if ! command -v uv >/dev/null 2>&1 || ! uv --version 2>/dev/null | grep -q "$UV_VERSION"; then
  if [ -x "$HOME/.local/bin/uv" ] && "$HOME/.local/bin/uv" --version | grep -q "$UV_VERSION"; then
    export PATH="$HOME/.local/bin:$PATH"
  else
    echo "==> Installing uv $UV_VERSION"
    python3 -m pip install --quiet --user "uv==$UV_VERSION" 2>/dev/null \
      || python3 -m pip install --quiet "uv==$UV_VERSION"
    export PATH="$HOME/.local/bin:$PATH"
  fi
fi

if ! command -v msgfmt >/dev/null 2>&1; then
  scripts/system-packages.sh gettext
fi

uv sync --frozen --python python3.11 --quiet

# A random SECRET_KEY of this checkout, written once into the git-ignored .env: settings refuse
# the built-in one when DEBUG is off (as `make run` serves). An explicit SECRET_KEY in the
# environment still wins over .env.
if ! grep -qs '^SECRET_KEY=' .env; then
  (umask 077; echo "SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env)
fi
