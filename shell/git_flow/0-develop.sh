#!/usr/bin/env bash
# 0-develop.sh REPO: the repository (git init, main, an initial commit) and develop.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

flow_start "Step 0: a repository on main with an initial commit (when REPO is not one
yet), then the develop branch from main." "$@"

if [[ $REPO_STATE == new ]]; then
  mkdir -p -- "$REPO"
  flow_git init -q --initial-branch=main
  readme "- none yet" >"$REPO/README.md"
  flow_git add README.md
  git_at 2024-01-01T09:00:00Z commit -q -m "$INITIAL_MESSAGE"
  echo "main: created $REPO with README.md ($INITIAL_MESSAGE)"
fi

if has_branch develop; then
  echo "develop: already there, nothing to do"
else
  flow_git branch develop main
  echo "develop: created from main"
fi
checkout develop
