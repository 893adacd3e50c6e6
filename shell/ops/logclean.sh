#!/usr/bin/env bash
# logclean.sh: compress old logs, delete older compressed ones.
set -euo pipefail

readonly NAME=logclean
readonly SYNOPSIS="Usage: logclean.sh [--dry-run] [--compress-after N] [--delete-after M] DIR"
readonly MINUTES_PER_DAY=1440

usage() {
  echo "$SYNOPSIS"
  cat <<'USAGE'

Under DIR, recursively:
  - gzips each *.log file last modified more than N days ago (default 7);
  - deletes each *.log.gz file last modified more than M days ago (default 30).
A day is 24 hours back from now. gzip keeps the log's modification time on the
.gz, so a compressed log is deleted M days after it was last written. Both lists
are made before anything changes: a log already old enough to be deleted is
compressed by this run and deleted by the next.

Left alone: a log whose .gz already exists (reported, exit status 1), files open
in a running process (looked up in /proc where there is one), files with other
names, and symbolic links (never followed; DIR itself may be one).

  --dry-run            print "would compress PATH" / "would delete PATH", change nothing
  --compress-after N   days, a whole number (0 and up)
  --delete-after M     days, a whole number greater than N
  -h, --help           show this help

A real run prints "compressed PATH" / "deleted PATH", then the summary
"logclean: N compressed, M deleted".

Exit status: 0 done, 1 DIR is not a directory or a file could not be handled,
2 bad usage.
USAGE
}

die() {
  echo "$NAME: $*" >&2
  exit 1
}

usage_error() {
  echo "$NAME: $*" >&2
  echo "$SYNOPSIS" >&2
  echo "Try 'logclean.sh --help' for more." >&2
  exit 2
}

# Stops with a usage error unless option $1's value $2 is a whole number of days.
check_days() {
  # Nine digits at most: the minutes they make must fit in bash's integers.
  [[ $2 =~ ^[0-9]{1,9}$ ]] || usage_error "$1 takes a whole number of days, not '$2'"
}

# Sets DRY_RUN, COMPRESS_DAYS, DELETE_DAYS and DIR.
parse_args() {
  DRY_RUN=0 COMPRESS_DAYS=7 DELETE_DAYS=30
  local -a dirs=()
  while (($# > 0)); do
    case $1 in
      -h | --help) usage; exit 0 ;;
      --dry-run) DRY_RUN=1 ;;
      --compress-after | --delete-after)
        (($# >= 2)) || usage_error "$1 needs a number of days"
        check_days "$1" "$2"
        # 10#: a leading zero does not make the number octal.
        if [[ $1 == --compress-after ]]; then
          COMPRESS_DAYS=$((10#$2))
        else
          DELETE_DAYS=$((10#$2))
        fi
        shift
        ;;
      --) shift; dirs+=("$@"); break ;;
      -*) usage_error "unknown option: $1" ;;
      *) dirs+=("$1") ;;
    esac
    shift
  done
  ((${#dirs[@]} == 1)) || usage_error "expected one DIR, got ${#dirs[@]}"
  ((DELETE_DAYS > COMPRESS_DAYS)) || usage_error \
    "--delete-after ($DELETE_DAYS) must be greater than --compress-after ($COMPRESS_DAYS)"
  DIR=${dirs[0]}
  # find would read a leading '-' as part of its expression.
  [[ $DIR != -* ]] || DIR=./$DIR
}

# Prints "device:inode" of each file open in a running process that we may inspect
# (every process, for root), one a line; nothing where there is no /proc.
open_files() {
  local fd_dirs=(/proc/[0-9]*/fd)
  [[ -d ${fd_dirs[0]} ]] || return 0
  # -L: stat what each descriptor points to. Processes come and go: ignore errors.
  find -L "${fd_dirs[@]}" -mindepth 1 -maxdepth 1 -printf '%D:%i\n' 2>/dev/null || true
}

# Prints "PATH<TAB>device:inode", NUL-terminated and sorted, for each regular file
# under DIR named like $1 and last modified more than $2 days ago. -H follows DIR
# itself when it is a link; -type f leaves every link below it alone.
old_files() {
  find -H "$DIR" -type f -name "$1" -mmin +$(($2 * MINUTES_PER_DAY)) \
    -printf '%p\t%D:%i\0' | LC_ALL=C sort -z
}

# True when the file of record $1 (from old_files) is open; says so.
in_use() {
  [[ -n ${OPEN[${1##*$'\t'}]-} ]] || return 1
  echo "skipped ${1%$'\t'*} (open in a running process)"
}

compress() {
  local path=${1%$'\t'*}
  in_use "$1" && return
  if [[ -e $path.gz || -L $path.gz ]]; then
    echo "$NAME: $path.gz already exists: not overwriting it, $path left as it is" >&2
    STATUS=1
  elif ((DRY_RUN)); then
    echo "would compress $path"
  elif gzip -- "$path"; then
    echo "compressed $path"
    COMPRESSED=$((COMPRESSED + 1))
  else
    STATUS=1 # gzip said why
  fi
}

delete() {
  local path=${1%$'\t'*}
  in_use "$1" && return
  if ((DRY_RUN)); then
    echo "would delete $path"
  elif rm -f -- "$path"; then
    echo "deleted $path"
    DELETED=$((DELETED + 1))
  else
    STATUS=1 # rm said why
  fi
}

main() {
  parse_args "$@"
  [[ -d $DIR ]] || die "not a directory: $DIR"
  STATUS=0 COMPRESSED=0 DELETED=0

  local id record
  local -a logs=() archives=()
  declare -gA OPEN=()
  while IFS= read -r id; do OPEN[$id]=1; done < <(open_files)
  # Both lists first, so that what this run compresses is not deleted by it too.
  mapfile -d '' -t logs < <(old_files '*.log' "$COMPRESS_DAYS")
  mapfile -d '' -t archives < <(old_files '*.log.gz' "$DELETE_DAYS")

  for record in "${logs[@]}"; do compress "$record"; done
  for record in "${archives[@]}"; do delete "$record"; done
  ((DRY_RUN)) || echo "$NAME: $COMPRESSED compressed, $DELETED deleted"
  exit "$STATUS"
}

main "$@"
