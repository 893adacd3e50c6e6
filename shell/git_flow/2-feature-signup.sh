#!/usr/bin/env bash
# 2-feature-signup.sh REPO: feature/implement-signup adds signup-page/README.md, merged
# into develop with --no-ff.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

flow_start "Step 2: feature/implement-signup from develop adds signup-page/README.md,
then merges into develop with --no-ff." "$@"
require_step 1-feature-login.sh merged feature/implement-login develop

feature_step 2024-01-03 implement-signup signup-page/README.md "# Sign-up page

Where a new user creates an account."
