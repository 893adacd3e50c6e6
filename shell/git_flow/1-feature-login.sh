#!/usr/bin/env bash
# 1-feature-login.sh REPO: feature/implement-login adds login-page/README.md, merged
# into develop with --no-ff.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

flow_start "Step 1: feature/implement-login from develop adds login-page/README.md,
then merges into develop with --no-ff." "$@"
require_step 0-develop.sh has_branch develop

feature_step 2024-01-02 implement-login login-page/README.md "# Login page

Where a user signs in with an e-mail address and a password."
