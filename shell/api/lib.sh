#!/usr/bin/env bash
# Shared by the api/ scripts, which source it; not a command of its own:
#   messages and exit codes  die, report, usage_error, require_tools, check_* settings
#   temp files               new_temp_beside, commit_temp, remove_temp, install_traps
#   fetching                 fetch_once, fetch_with_retry, save_pokemon, log_failure
#   reading saved data       pokemon_fields, capitalise
# Each script defines usage() (its help text) before calling any of these.
#
# Functions that can fail return a status instead of exiting, so that parallel.sh's jobs
# can report to their parent. Bash ignores `set -e` inside a function called from `if`
# or `||`, so every step below checks its own result.
set -euo pipefail
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  echo "lib.sh: sourced by the api/ scripts, not run on its own" >&2
  exit 2
fi

SCRIPT_NAME=${0##*/}
readonly SCRIPT_NAME
readonly DEFAULT_BASE_URL=https://pokeapi.co/api/v2
readonly MAX_ATTEMPTS=3
readonly ERRORS_FILE=errors.txt
# fetch_once's statuses; save_pokemon and fetch_with_retry reuse SAVED, FAILED and LOCAL.
readonly SAVED=0 FAILED=1 GONE=2 LOCAL=3

POKEAPI_BASE_URL=${POKEAPI_BASE_URL:-$DEFAULT_BASE_URL}
POKEAPI_TIMEOUT=${POKEAPI_TIMEOUT:-10}
RETRY_DELAY=${RETRY_DELAY:-1}
TEMP_FILE=""    # the one temp file this shell (script or job) holds, removed on exit
printf -v NEW_FILE_MODE '%o' "$((0666 & ~0$(umask)))" # what `>` would create: 644 usually
FETCH_REASON="" # why the last fetch failed, for messages and errors.txt
# shellcheck disable=SC2034 # the scripts read it
NAMES=()        # the Pokémon to fetch, set by lowercase_names

# --- messages ---------------------------------------------------------------------------

report() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }

die() {
  report "$@"
  exit 1
}

# Bad usage: the problem on one line, then the usage, all on stderr; exit 2.
usage_error() {
  report "$1"
  usage >&2
  exit 2
}

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is required but not found in PATH"
  done
}

# --- settings ---------------------------------------------------------------------------

is_seconds() { [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; }

# check_seconds WHAT VALUE [positive]: a number of seconds, 0 allowed unless "positive".
check_seconds() {
  is_seconds "$2" || usage_error "$1 must be a number of seconds, got '$2'"
  if [[ ${3:-} == positive && ! $2 =~ [1-9] ]]; then
    usage_error "$1 must be more than 0 seconds, got '$2'"
  fi
}

check_network_settings() {
  check_seconds POKEAPI_TIMEOUT "$POKEAPI_TIMEOUT" positive
  check_seconds RETRY_DELAY "$RETRY_DELAY"
}

# lowercase_names NAME...: the names lower-cased into NAMES, or a usage error. Only
# [a-z0-9-] gets into a URL, so no input can add a path, a query or another host.
lowercase_names() {
  local name
  NAMES=()
  for name in "$@"; do
    name=${name,,}
    [[ $name =~ ^[a-z0-9][a-z0-9-]*$ ]] || usage_error "invalid Pokémon name: '$name'"
    NAMES+=("$name")
  done
}

# The Pokémon batch.sh and parallel.sh fetch when given no names.
readonly DEFAULT_NAMES=(bulbasaur ivysaur venusaur charmander charmeleon)

# parse_names OPTION VARIABLE WHAT ARG...: batch.sh's and parallel.sh's arguments:
# -h/--help, OPTION with a value (stored in the variable named VARIABLE; WHAT names the
# value for the error), then Pokémon names into NAMES (DEFAULT_NAMES when none).
parse_names() {
  local option=$1 what=$3 names=()
  local -n option_value=$2 # a nameref: assigning it sets the caller's variable
  shift 3
  while (($#)); do
    case $1 in
      -h | --help) usage && exit 0 ;;
      "$option")
        (($# >= 2)) || usage_error "option $option needs $what"
        # shellcheck disable=SC2034 # read by the caller, through the nameref
        option_value=$2
        shift
        ;;
      --) shift && names+=("$@") && break ;;
      -?*) usage_error "unknown option: $1" ;;
      *) names+=("$1") ;;
    esac
    shift
  done
  ((${#names[@]})) || names=("${DEFAULT_NAMES[@]}")
  lowercase_names "${names[@]}"
}

# --- temp files -------------------------------------------------------------------------

# new_temp_beside DEST: an empty temp file in DEST's folder, in TEMP_FILE, with the
# permissions of a new file (mktemp makes it 0600). Same folder, same filesystem:
# commit_temp's mv is then a rename, so a reader sees the old file or the new one, never
# half of one. Hidden (a leading dot) so summary.sh's *.json skips it; named after $$
# (the script's pid, also in its subshells) so parallel.sh can find its own.
new_temp_beside() {
  local folder=. base=${1##*/}
  [[ $1 != */* ]] || folder=${1%/*}
  TEMP_FILE=$(mktemp "$folder/.$base.$$.XXXXXX" 2>/dev/null) &&
    chmod "$NEW_FILE_MODE" -- "$TEMP_FILE"
}

# commit_temp DEST: TEMP_FILE becomes DEST. A directory at DEST is an error: mv would
# move the file into it.
commit_temp() {
  [[ ! -d $1 ]] && mv -f -- "$TEMP_FILE" "$1" 2>/dev/null || return 1
  rm -f -- "$TEMP_FILE.status"
  TEMP_FILE=""
}

# remove_temp: TEMP_FILE (if still there) and the .status file that fetch_once keeps
# beside it.
remove_temp() {
  [[ -z $TEMP_FILE ]] || rm -f -- "$TEMP_FILE" "$TEMP_FILE.status"
  TEMP_FILE=""
}

# Remove the temp file however the shell ends. Bash runs the EXIT trap on a signal only
# when the signal is trapped, hence INT and TERM (exit statuses 128 + 2 and 128 + 15).
install_traps() {
  trap remove_temp EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# --- fetching ---------------------------------------------------------------------------

# fetch_once NAME DEST: one GET of Pokémon NAME, saved to DEST only if it is one JSON
# object; DEST is untouched otherwise. Status: SAVED; FAILED (may work if tried again);
# GONE (a 404: it will not); LOCAL (cannot write next to DEST). FETCH_REASON says why.
#
# jq checks the body as it arrives rather than once it is saved: started with curl, jq
# (1.6 takes some 30 ms of CPU just to start) gets ready while the request is on the
# network, not after it, which is most of what a fetch costs parallel.sh's jobs.
fetch_once() {
  local name=$1 dest=$2 verdict http_code=000 curl_status=0
  if ! new_temp_beside "$dest"; then
    FETCH_REASON="cannot create a file beside $dest"
    return "$LOCAL"
  fi
  verdict=$(download "$name" | jq -s 'length == 1 and (.[0] | type) == "object"' 2>/dev/null) ||
    true # an error page is not JSON: the verdict is then empty
  read -r http_code curl_status <"$TEMP_FILE.status" || true
  local status=$SAVED
  fetch_outcome "$curl_status" "$http_code" "$verdict" || status=$?
  if ((status == SAVED)) && ! commit_temp "$dest"; then
    FETCH_REASON="cannot write $dest"
    status=$LOCAL
  fi
  remove_temp
  return "$status"
}

# download NAME: GET Pokémon NAME; the body to stdout and, through tee, to TEMP_FILE;
# curl's HTTP status and exit code to TEMP_FILE.status (--write-out to stderr). No --fail:
# the status is wanted even for an error page. tee -p keeps copying to the file if jq
# stops reading early, so curl never fails on a closed pipe.
download() {
  curl --silent --location --max-time "$POKEAPI_TIMEOUT" --connect-timeout "$POKEAPI_TIMEOUT" \
    --write-out '%{stderr}%{http_code} %{exitcode}\n' -- "${POKEAPI_BASE_URL%/}/pokemon/$1" \
    2>"$TEMP_FILE.status" | tee -p -- "$TEMP_FILE"
}

# fetch_outcome CURL_STATUS HTTP_CODE VERDICT: what a finished download amounts to.
fetch_outcome() {
  case $1 in
    0) ;;
    6) FETCH_REASON="cannot resolve host" && return "$FAILED" ;;
    7) FETCH_REASON="cannot connect" && return "$FAILED" ;;
    28) FETCH_REASON="timed out after ${POKEAPI_TIMEOUT}s" && return "$FAILED" ;;
    *) FETCH_REASON="curl failed (exit $1)" && return "$FAILED" ;;
  esac
  FETCH_REASON="HTTP $2"
  [[ $2 != 404 ]] || return "$GONE"
  [[ $2 == 200 ]] || return "$FAILED"
  FETCH_REASON="malformed JSON" # or not one object: an error page, two documents...
  [[ $3 == true ]] || return "$FAILED"
  FETCH_REASON=""
}

# fetch_with_retry NAME DEST: fetch_once up to MAX_ATTEMPTS times, waiting RETRY_DELAY
# seconds before the 2nd attempt and twice as long before each next one, so a busy
# server gets more room each time. A 404 or a local error is not retried.
# Status: SAVED, FAILED or LOCAL.
fetch_with_retry() {
  local name=$1 dest=$2 attempt=1 status
  while :; do
    status=$SAVED
    fetch_once "$name" "$dest" || status=$?
    case $status in
      "$SAVED" | "$LOCAL") return "$status" ;;
      "$GONE") return "$FAILED" ;;
    esac
    ((attempt < MAX_ATTEMPTS)) || return "$FAILED"
    attempt=$((attempt + 1))
    printf 'Retrying %s (attempt %d/%d)...\n' "$name" "$attempt" "$MAX_ATTEMPTS" >&2
    sleep "$(awk -v base="$RETRY_DELAY" -v n="$attempt" 'BEGIN { print base * 2 ^ (n - 2) }')"
  done
}

# log_failure NAME REASON: one line in errors.txt, in the current folder.
log_failure() {
  printf '%s  %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2" 2>/dev/null >>"$ERRORS_FILE"
}

# save_pokemon NAME FOLDER: one batch step with its progress lines, into FOLDER/NAME.json.
# A failed Pokémon is reported on stderr and in errors.txt. Status: SAVED, FAILED, or
# LOCAL when the run cannot go on (FOLDER or errors.txt cannot be written).
save_pokemon() {
  local name=$1 dest="$2/$1.json" status=$SAVED
  printf 'Fetching data for %s...\n' "$name"
  fetch_with_retry "$name" "$dest" || status=$?
  case $status in
    "$SAVED") printf 'Saved data to %s ✅\n' "$dest" ;;
    "$LOCAL") report "$FETCH_REASON" ;;
    *)
      printf 'Failed to fetch %s: %s\n' "$name" "$FETCH_REASON" >&2
      if ! log_failure "$name" "$FETCH_REASON"; then
        report "cannot write $ERRORS_FILE"
        status=$LOCAL
      fi
      ;;
  esac
  return "$status"
}

# --- reading saved data -----------------------------------------------------------------

# The fields of one saved Pokémon as a tab-separated line: ok, name, height (dm), weight
# (hg), types joined by "/" in slot order. Or: error, what is wrong. Slurped (-s), so an
# empty file or two documents in one are errors too.
# shellcheck disable=SC2016 # $bad is jq's, not the shell's
readonly POKEMON_FIELDS_JQ='
  def bad_fields:
    [ (if (.name | type) != "string" or .name == "" then "name" else empty end),
      (if (.height | type) != "number" then "height" else empty end),
      (if (.weight | type) != "number" then "weight" else empty end),
      (if (.types | type) != "array" or (.types | length) == 0
          or any(.types[]; (try .type.name catch null) | type != "string")
       then "types" else empty end) ];
  if length != 1 or (.[0] | type) != "object" then ["error", "not a single JSON object"]
  else .[0] | bad_fields as $bad
    | if ($bad | length) > 0
      then ["error", "missing or invalid field(s): \($bad | join(", "))"]
      else ["ok", .name, .height, .weight, (.types | sort_by(.slot) | map(.type.name) | join("/"))]
      end
  end | @tsv'

# pokemon_fields FILE: FILE's fields (see POKEMON_FIELDS_JQ) on stdout, or a message
# naming FILE on stderr and status 1.
pokemon_fields() {
  local line status
  if ! line=$(jq -r -s "$POKEMON_FIELDS_JQ" "$1" 2>/dev/null); then
    report "$1: not valid JSON"
    return 1
  fi
  IFS=$'\t' read -r status _ <<<"$line"
  if [[ $status != ok ]]; then
    report "$1: ${line#error$'\t'}"
    return 1
  fi
  printf '%s\n' "${line#ok$'\t'}"
}

# capitalise: upper-case the first letter of each line and each letter after a "/"
# (grass/poison -> Grass/Poison). GNU sed: \u upper-cases the next character.
capitalise() { sed 's/\(^\|\/\)\([a-z]\)/\1\u\2/g'; }
