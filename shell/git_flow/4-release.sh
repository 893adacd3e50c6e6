#!/usr/bin/env bash
# 4-release.sh REPO: release/1.0.0 from develop, merged into main and tagged v1.0.0,
# then merged back into develop.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

flow_start "Step 4: release/1.0.0 from develop sets VERSION to 1.0.0 and merges into
main with --no-ff; that merge is tagged v1.0.0 (an annotated tag), and the release
merges back into develop." "$@"
require_step 3-merge-conflict.sh merged feature/link-signup-page develop

readonly RELEASE=release/1.0.0 TAG=v1.0.0 SUBJECT="Bump version to 1.0.0"

if merged "$RELEASE" main && merged "$RELEASE" develop &&
  flow_git rev-parse -q --verify "refs/tags/$TAG" >/dev/null; then
  echo "$RELEASE: already merged into main and develop, $TAG there, nothing to do"
  exit 0
fi

if ! has_branch "$RELEASE"; then
  flow_git branch "$RELEASE" develop
  echo "$RELEASE: created from develop"
fi
holds "$RELEASE" "$SUBJECT" ||
  commit_file 2024-01-05T10:00:00Z "$RELEASE" VERSION 1.0.0 "$SUBJECT"
merged "$RELEASE" main || merge_no_ff 2024-01-05T11:00:00Z "$RELEASE" main

# The tag goes on the release's merge into main: main's commit whose second parent is
# the release branch's tip.
if ! flow_git rev-parse -q --verify "refs/tags/$TAG" >/dev/null; then
  release_merge=$(flow_git rev-parse main)
  if [[ $(flow_git rev-parse -q --verify "main^2") != "$(flow_git rev-parse "$RELEASE")" ]]; then
    die "main's last commit is not the merge of $RELEASE: tag $TAG by hand"
  fi
  git_at 2024-01-05T11:00:00Z tag -a -m "Release 1.0.0" "$TAG" "$release_merge"
  echo "main: tagged $TAG (annotated) on the merge of $RELEASE"
fi
merged "$RELEASE" develop || merge_no_ff 2024-01-05T12:00:00Z "$RELEASE" develop
checkout develop
