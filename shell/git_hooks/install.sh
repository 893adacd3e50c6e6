#!/usr/bin/env bash
# install.sh: link this folder's git hooks into a repository, or take them out again.
set -euo pipefail

readonly NAME=install.sh
readonly SYNOPSIS="Usage: install.sh [--uninstall] [REPO]"
readonly HOOKS=(pre-commit post-merge)
SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
readonly SOURCE_DIR

usage() {
  echo "$SYNOPSIS"
  cat <<'USAGE'

Links the pre-commit and post-merge hooks of this folder into the hooks
directory of the git repository REPO (default: the current directory), as
symbolic links to their absolute paths, so an edit here takes effect at once.
The hooks directory is the one git uses (`git rev-parse --git-path hooks`):
core.hooksPath and linked worktrees are respected.

Running it again is harmless ("already installed"). A hook that is already
there and is not ours is moved aside to <name>.backup; if that backup exists
too, nothing is changed and the exit status is 1.

  --uninstall   remove our links and put the backups back
  -h, --help    show this help

Exit status: 0 done, 1 not a git work tree or a backup in the way, 2 bad usage.
USAGE
}

die() {
  echo "$NAME: $*" >&2
  exit 1
}

usage_error() {
  echo "$NAME: $*" >&2
  echo "$SYNOPSIS" >&2
  echo "Try 'install.sh --help' for more." >&2
  exit 2
}

# Sets ACTION (install or uninstall) and REPO.
parse_args() {
  ACTION=install
  local -a repos=()
  while (($# > 0)); do
    case $1 in
      -h | --help) usage; exit 0 ;;
      --uninstall) ACTION=uninstall ;;
      --) shift; repos+=("$@"); break ;;
      -*) usage_error "unknown option: $1" ;;
      *) repos+=("$1") ;;
    esac
    shift
  done
  ((${#repos[@]} <= 1)) || usage_error "more than one REPO: ${repos[*]}"
  REPO=${repos[0]:-.}
}

# The absolute hooks directory of REPO; fails unless REPO is in a git work tree.
hooks_dir() {
  local top dir
  top=$(git -C "$REPO" rev-parse --show-toplevel 2>/dev/null) ||
    die "not a git work tree: $REPO"
  # Asked from the top: a relative core.hooksPath is relative to where git runs hooks.
  dir=$(git -C "$top" rev-parse --git-path hooks)
  [[ $dir == /* ]] || dir=$top/$dir
  echo "$dir"
}

# True when the hook file at $1 is a symbolic link to our hook $2.
is_ours() {
  [[ -L $1 && $1 -ef $2 ]]
}

exists() {
  [[ -e $1 || -L $1 ]] # -L too: a dangling link is still in the way
}

# Check every hook before touching any, so a refusal leaves nothing half-done.
check_install() {
  local dir=$1 hook
  for hook in "${HOOKS[@]}"; do
    [[ -x $SOURCE_DIR/$hook ]] || die "$SOURCE_DIR/$hook is missing or not executable"
    if ! is_ours "$dir/$hook" "$SOURCE_DIR/$hook" && exists "$dir/$hook" &&
      exists "$dir/$hook.backup"; then
      die "$dir/$hook is not ours and $dir/$hook.backup exists: move one of them away"
    fi
  done
}

install_hook() {
  local target=$1/$2 source=$SOURCE_DIR/$2
  if is_ours "$target" "$source"; then
    echo "$2: already installed"
    return
  fi
  if exists "$target"; then
    mv -- "$target" "$target.backup"
    echo "$2: moved the existing hook to $target.backup"
  fi
  ln -s -- "$source" "$target"
  echo "$2: installed $target -> $source"
}

uninstall_hook() {
  local target=$1/$2
  if is_ours "$target" "$SOURCE_DIR/$2"; then
    rm -- "$target"
    echo "$2: removed $target"
  elif exists "$target"; then
    echo "$2: $target is not ours, left alone"
    return
  else
    echo "$2: not installed"
  fi
  if exists "$target.backup"; then
    mv -- "$target.backup" "$target"
    echo "$2: restored $target from $target.backup"
  fi
}

main() {
  parse_args "$@"
  local dir hook
  dir=$(hooks_dir)
  if [[ $ACTION == install ]]; then
    check_install "$dir"
    mkdir -p -- "$dir"
  fi
  for hook in "${HOOKS[@]}"; do
    "${ACTION}_hook" "$dir" "$hook"
  done
}

main "$@"
