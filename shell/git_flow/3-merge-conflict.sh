#!/usr/bin/env bash
# 3-merge-conflict.sh REPO: two branches change the same line of README.md; the second
# merge into develop conflicts, and the conflict is resolved by keeping both lines.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

flow_start "Step 3: feature/link-login-page and feature/link-signup-page, both from
develop, replace the same line of README.md (the list of pages) differently. The
first merges into develop; the second conflicts, and the script resolves it by
keeping both lines, develop's (login) first, then the branch's (sign-up)." "$@"
require_step 2-feature-signup.sh merged feature/implement-signup develop

readonly FIRST=feature/link-login-page SECOND=feature/link-signup-page
readonly FIRST_LINE="- [Log in](login-page/README.md)"
readonly SECOND_LINE="- [Sign up](signup-page/README.md)"
readonly FIRST_SUBJECT="List the login page in README.md"
readonly SECOND_SUBJECT="List the sign-up page in README.md"

# keep_both FILE: each conflict in FILE replaced by both sides, ours (<<<<<<<) first,
# then theirs (>>>>>>>). merge.conflictStyle=merge: no ||||||| base section.
keep_both() {
  local file=$REPO/$1
  awk '
    /^<<<<<<< / { inside = 1; next }
    inside && /^=======$/ { next }
    inside && /^>>>>>>> / { inside = 0; next }
    { print }
  ' "$file" >"$file.resolved"
  mv -- "$file.resolved" "$file"
  if grep -qE '^(<<<<<<<|=======|>>>>>>>)( |$)' "$file"; then
    die "$1: a conflict marker is left after resolving"
  fi
}

if merged "$SECOND" develop && holds "$SECOND" "$SECOND_SUBJECT"; then
  echo "$SECOND: already merged into develop, nothing to do"
  exit 0
fi

# Both from the same commit of develop, or they would not conflict.
if ! has_branch "$FIRST" && ! has_branch "$SECOND"; then
  flow_git branch "$FIRST" develop
  flow_git branch "$SECOND" develop
  echo "$FIRST, $SECOND: created from develop"
elif ! has_branch "$FIRST" || ! has_branch "$SECOND"; then
  die "$REPO: only one of $FIRST and $SECOND exists; delete it and run again"
fi
holds "$FIRST" "$FIRST_SUBJECT" ||
  commit_file 2024-01-04T10:00:00Z "$FIRST" README.md "$(readme "$FIRST_LINE")" "$FIRST_SUBJECT"
holds "$SECOND" "$SECOND_SUBJECT" ||
  commit_file 2024-01-04T10:30:00Z "$SECOND" README.md "$(readme "$SECOND_LINE")" "$SECOND_SUBJECT"
merged "$FIRST" develop || merge_no_ff 2024-01-04T11:00:00Z "$FIRST" develop

checkout develop
DATE=2024-01-04T12:00:00Z
MESSAGE=$(merge_message "$SECOND" develop)
if git_at "$DATE" merge -q --no-ff -m "$MESSAGE" "$SECOND" >/dev/null; then
  echo "develop: merged $SECOND without a conflict (--no-ff)"
else
  conflicted=$(flow_git diff --name-only --diff-filter=U)
  if [[ $conflicted != README.md ]]; then
    flow_git merge --abort
    die "merging $SECOND: unexpected conflicts in: ${conflicted:-nothing}"
  fi
  echo "develop: merging $SECOND conflicts in README.md (both changed the list of pages)"
  keep_both README.md
  flow_git add README.md
  git_at "$DATE" commit -q -m "$MESSAGE" \
    -m "Conflict in README.md resolved by keeping both lines: login first, then sign-up."
  echo "develop: conflict resolved, both lines kept (login, then sign-up); merge committed"
fi
