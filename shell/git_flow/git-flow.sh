#!/usr/bin/env bash
# git-flow.sh REPO: the whole git-flow history, steps 0 to 4 in order.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

flow_start "The whole git-flow history in REPO: steps 0-develop.sh to 4-release.sh,
in order, each doing only what is not done yet." "$@"

for step in 0-develop.sh 1-feature-login.sh 2-feature-signup.sh 3-merge-conflict.sh \
  4-release.sh; do
  echo "== $step"
  "$FLOW_DIR/$step" "$REPO"
done
