#!/usr/bin/env bash
# apiAutomation-0x00: fetch one Pokémon from the PokeAPI into data.json.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

readonly OUTPUT=data.json

usage() {
  cat <<'USAGE'
Usage: fetch.sh [NAME]

Fetch one Pokémon (default: pikachu) from the PokeAPI into data.json in the current
folder. NAME is lower-cased and may hold only letters, digits and "-". One request, no
retry (batch.sh retries).

On failure (an HTTP error status, a timeout, an unreachable host, a body that is not
JSON) the reason goes to stderr and, after a UTC timestamp, to errors.txt; data.json is
left as it was.

Options:
  -h, --help        show this help and exit

Environment:
  POKEAPI_BASE_URL  the API base (default: https://pokeapi.co/api/v2)
  POKEAPI_TIMEOUT   seconds allowed to connect, and for the whole request (default: 10)

Exit status: 0 saved, 1 failed, 2 bad usage.
USAGE
}

parse_args() {
  local names=()
  while (($#)); do
    case $1 in
      -h | --help) usage && exit 0 ;;
      --) shift && names+=("$@") && break ;;
      -?*) usage_error "unknown option: $1" ;;
      *) names+=("$1") ;;
    esac
    shift
  done
  ((${#names[@]} <= 1)) || usage_error "one Pokémon at a time (batch.sh fetches several)"
  ((${#names[@]})) || names=(pikachu)
  lowercase_names "${names[@]}"
}

main() {
  parse_args "$@"
  check_network_settings
  require_tools curl jq
  install_traps
  local name=${NAMES[0]} status=$SAVED
  fetch_once "$name" "$OUTPUT" || status=$?
  ((status != SAVED)) || return 0
  if ((status != LOCAL)) && ! log_failure "$name" "$FETCH_REASON"; then
    report "cannot write $ERRORS_FILE"
  fi
  die "cannot fetch $name: $FETCH_REASON"
}

main "$@"
