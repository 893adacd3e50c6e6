#!/usr/bin/env bash
# Shared by the git_flow/ scripts, which source it; not a command of its own:
#   arguments and safety   flow_start (usage, the refusals), require_step
#   deterministic git      flow_git, git_at (fixed identity, dates and configuration)
#   the steps' building    has_branch, holds, merged, checkout, commit_file, merge_no_ff,
#                          readme
# Every script builds its part of one history in a throwaway repository REPO, and only
# there: REPO inside the repository these scripts live in, a folder that holds something
# else, or a repository they did not build is refused before anything is written.
set -euo pipefail
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  echo "lib.sh: sourced by the git_flow/ scripts, not run on its own" >&2
  exit 2
fi

SCRIPT_NAME=${0##*/}
readonly SCRIPT_NAME
FLOW_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
readonly FLOW_DIR
# The first commit of every repository these scripts build: how they know their own.
readonly INITIAL_MESSAGE="Initial commit of the git-flow practice repository"

# Where a repository is and how git behaves come from the environment too: a GIT_DIR
# set by a hook would send every command below to another repository. These go.
# GIT_CEILING_DIRECTORIES too: it could hide the repository these scripts live in.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_COMMON_DIR \
  GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_NAMESPACE GIT_PREFIX GIT_CONFIG \
  GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT GIT_CEILING_DIRECTORIES GIT_AUTHOR_DATE \
  GIT_COMMITTER_DATE

# --- messages and arguments -------------------------------------------------------------

report() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }

die() {
  report "$@"
  exit 1
}

usage() {
  echo "Usage: $SCRIPT_NAME REPO"
  echo
  echo "$FLOW_STEP"
  echo
  cat <<'USAGE'
REPO is a throwaway repository, never this one: 0-develop.sh (and git-flow.sh)
creates it (git init, branch main, an initial commit) when it does not exist or is
an empty folder, and each later step needs the one before it done. Refused, with
nothing written: REPO inside the repository these scripts live in, a non-empty
folder that is not a repository, a repository these scripts did not build, or one
with uncommitted changes. A step already done changes nothing when run again; the
commits' authors, dates and so hashes are the same on every machine.

Exit status: 0 done, 1 refused or failed, 2 bad usage.
USAGE
}

usage_error() {
  report "$1"
  usage >&2
  exit 2
}

# --- safety -----------------------------------------------------------------------------

# git for the checks below, trusting any owner: a check that failed on "dubious
# ownership" would let a repository pass as no repository.
probe_git() { git -c safe.directory='*' "$@" 2>/dev/null; }

# The nearest existing folder at or above $1 (a path that may not exist yet), physical.
nearest_existing() {
  local path=$1
  while [[ ! -e $path && ! -L $path ]]; do
    path=$(dirname -- "$path")
  done
  [[ -d $path ]] || die "$path is not a folder"
  (cd -- "$path" && pwd -P)
}

# Refuses a REPO at or below the top of the repository holding these scripts, or one
# sharing its .git (a linked worktree, a path inside .git itself).
refuse_own_repository() {
  local existing own own_top own_git target_git
  existing=$(nearest_existing "$REPO")
  own=$(probe_git -C "$FLOW_DIR" rev-parse --path-format=absolute --show-toplevel \
    --git-common-dir) || return 0
  own_top=${own%%$'\n'*}
  own_git=${own#*$'\n'}
  target_git=$(probe_git -C "$existing" rev-parse --path-format=absolute --git-common-dir) ||
    target_git=""
  if [[ $existing == "$own_top" || $existing == "$own_top"/* || $target_git == "$own_git" ]]; then
    die "$REPO is inside the repository these scripts live in ($own_top):" \
      "give a throwaway path outside it, such as /tmp/flow-demo"
  fi
}

# Sets REPO_STATE: "new" (absent or an empty folder) or "built" (a repository these
# scripts built, clean); refuses anything else.
classify_repo() {
  if [[ ! -e $REPO && ! -L $REPO ]]; then
    REPO_STATE=new
    return
  fi
  [[ -d $REPO ]] || die "$REPO exists and is not a folder"
  local top
  top=$(probe_git -C "$REPO" rev-parse --show-toplevel) || top=""
  if [[ $top != "$(cd -- "$REPO" && pwd -P)" ]]; then
    if [[ -n $(ls -A -- "$REPO") ]]; then
      die "$REPO is a folder that is not empty and not a git repository: give a new or empty folder"
    fi
    REPO_STATE=new
    return
  fi
  local root
  root=$(probe_git -C "$REPO" log --max-parents=0 --format=%s refs/heads/main) || root=""
  if [[ $root != "$INITIAL_MESSAGE" ]]; then
    die "$REPO is a git repository these scripts did not build (its main does not start" \
      "with '$INITIAL_MESSAGE'): give a new or empty folder"
  fi
  if [[ -n $(probe_git -C "$REPO" status --porcelain) || -e $REPO/.git/MERGE_HEAD ]]; then
    die "$REPO has uncommitted changes or an unfinished merge: commit or clean them first"
  fi
  REPO_STATE=built
}

# flow_start WHAT "$@": the one argument REPO, checked. WHAT says what the script does
# (for the usage). Sets REPO (absolute) and REPO_STATE. Writes nothing.
flow_start() {
  FLOW_STEP=$1
  shift
  (($# > 0)) || usage_error "no REPO given"
  case $1 in
    -h | --help) usage; exit 0 ;;
    "") usage_error "REPO is empty" ;;
    -*) usage_error "unknown option: $1" ;;
  esac
  (($# == 1)) || usage_error "one REPO expected, got $#: $*"
  command -v git >/dev/null 2>&1 || die "git is required but not found in PATH"
  REPO=$1
  [[ $REPO == /* ]] || REPO=$PWD/$REPO
  refuse_own_repository
  classify_repo
}

# require_step SCRIPT COMMAND...: the earlier step SCRIPT is done when COMMAND succeeds.
require_step() {
  local script=$1
  shift
  if [[ $REPO_STATE != built ]] || ! "$@"; then
    die "$REPO: run $script first (the steps go in order: 0-develop.sh to 4-release.sh)"
  fi
}

# --- deterministic git ------------------------------------------------------------------

# Nobody's configuration, hooks or signing key takes part: two builds on two machines
# write the same objects, so the same hashes.
readonly GIT_OPTIONS=(
  -c core.hooksPath=/dev/null -c commit.gpgsign=false -c tag.gpgsign=false
  -c tag.forceSignAnnotated=false -c init.defaultBranch=main -c core.autocrlf=false
  -c merge.conflictStyle=merge -c merge.log=false -c rerere.enabled=false
  -c merge.ff=true -c pull.rebase=false -c advice.detachedHead=false
  -c core.safecrlf=false -c i18n.commitEncoding=UTF-8 -c commit.cleanup=strip
)
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_MERGE_AUTOEDIT=no \
  GIT_TERMINAL_PROMPT=0 LC_ALL=C
export GIT_AUTHOR_NAME="Git Flow" GIT_AUTHOR_EMAIL="git-flow@example.com"
export GIT_COMMITTER_NAME="Git Flow" GIT_COMMITTER_EMAIL="git-flow@example.com"

flow_git() { git -C "$REPO" "${GIT_OPTIONS[@]}" "$@"; }

# git_at DATE ARGS...: git ARGS with DATE as the author's and committer's (tagger's) date.
git_at() {
  local date=$1
  shift
  GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date flow_git "$@"
}

# --- building blocks --------------------------------------------------------------------

has_branch() { flow_git show-ref -q --verify "refs/heads/$1"; }

# holds BRANCH SUBJECT: the branch's last commit is the one with that subject.
holds() { [[ $(flow_git log -1 --format=%s "refs/heads/$1" 2>/dev/null) == "$2" ]]; }

# merged BRANCH INTO: BRANCH's commits are all in INTO.
merged() {
  flow_git merge-base --is-ancestor "refs/heads/$1" "refs/heads/$2" 2>/dev/null
}

checkout() { flow_git checkout -q "$1"; }

# commit_file DATE BRANCH PATH TEXT SUBJECT: on BRANCH, PATH written with TEXT and a
# final newline, committed.
commit_file() {
  local date=$1 branch=$2 path=$3 text=$4 subject=$5
  checkout "$branch"
  mkdir -p -- "$(dirname -- "$REPO/$path")"
  printf '%s\n' "$text" >"$REPO/$path"
  flow_git add -- "$path"
  git_at "$date" commit -q -m "$subject"
  echo "$branch: committed $path ($subject)"
}

# merge_no_ff DATE BRANCH INTO: BRANCH merged into INTO with a merge commit, always
# (--no-ff), even where INTO could fast-forward, so the history keeps the branch.
merge_no_ff() {
  local date=$1 branch=$2 into=$3
  checkout "$into"
  git_at "$date" merge -q --no-ff -m "$(merge_message "$branch" "$into")" "$branch"
  echo "$into: merged $branch (--no-ff)"
}

# git's own wording: into main, no "into main".
merge_message() {
  if [[ $2 == main ]]; then
    echo "Merge branch '$1'"
  else
    echo "Merge branch '$1' into $2"
  fi
}

# readme LINE...: the practice repository's README.md, its list of pages being LINEs.
readme() {
  printf '%s\n' "# Git flow practice" "" \
    "A throwaway repository built by shell/git_flow/: develop, two features, a merge" \
    "conflict resolved, release 1.0.0." "" "## Pages" "" "$@"
}

# feature_step DAY NAME PATH TEXT: feature/NAME from develop adds PATH (holding TEXT),
# then merges into develop with --no-ff; DAY (YYYY-MM-DD) dates both commits. Each part
# is done only if it is missing: run again, it does nothing.
feature_step() {
  local day=$1 branch=feature/$2 path=$3 text=$4
  local subject="Add $path"
  if merged "$branch" develop && holds "$branch" "$subject"; then
    echo "$branch: already merged into develop, nothing to do"
    return
  fi
  if ! has_branch "$branch"; then
    flow_git branch "$branch" develop
    echo "$branch: created from develop"
  fi
  holds "$branch" "$subject" ||
    commit_file "${day}T10:00:00Z" "$branch" "$path" "$text" "$subject"
  merged "$branch" develop || merge_no_ff "${day}T11:00:00Z" "$branch" develop
  checkout develop
}
