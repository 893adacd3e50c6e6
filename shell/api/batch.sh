#!/usr/bin/env bash
# batchProcessing-0x02: fetch several Pokémon one after another into pokemon_data/.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

readonly DATA_DIR=pokemon_data
DELAY=${BATCH_DELAY:-1}

usage() {
  cat <<'USAGE'
Usage: batch.sh [-d SECONDS] [NAME ...]

Fetch each Pokémon (default: bulbasaur ivysaur venusaur charmander charmeleon), one
after another, into pokemon_data/NAME.json, printing
  Fetching data for NAME...
  Saved data to pokemon_data/NAME.json ✅

A failed request is tried again, 3 attempts in all, waiting RETRY_DELAY seconds, then
twice that ("Retrying NAME (attempt 2/3)..." on stderr); a 404 is not retried. A Pokémon
that still fails gets "Failed to fetch NAME: REASON" on stderr and a line in errors.txt,
and the batch goes on. If pokemon_data/ cannot be written, the batch stops at once.

Options:
  -d SECONDS        pause between two Pokémon (default: BATCH_DELAY, else 1; 0 allowed)
  -h, --help        show this help and exit

Environment:
  POKEAPI_BASE_URL  the API base (default: https://pokeapi.co/api/v2)
  POKEAPI_TIMEOUT   seconds allowed per request (default: 10)
  BATCH_DELAY       the default of -d
  RETRY_DELAY       seconds before the first retry, doubled for each next one (default: 1)

Exit status: 0 all saved, 1 any failed, 2 bad usage.
USAGE
}

parse_args() {
  parse_names -d DELAY "a number of seconds" "$@"
  check_seconds "the delay (-d or BATCH_DELAY)" "$DELAY"
}

make_data_dir() {
  mkdir -p -- "$DATA_DIR" 2>/dev/null || die "cannot create the folder $DATA_DIR"
}

main() {
  parse_args "$@"
  check_network_settings
  require_tools curl jq
  install_traps
  make_data_dir
  local i failed=0 status
  for i in "${!NAMES[@]}"; do
    ((i == 0)) || sleep "$DELAY" # between two requests: none before the first
    status=$SAVED
    save_pokemon "${NAMES[i]}" "$DATA_DIR" || status=$?
    ((status != LOCAL)) || exit 1
    ((status == SAVED)) || failed=$((failed + 1))
  done
  ((failed == 0)) || die "$failed of ${#NAMES[@]} Pokémon not fetched (see $ERRORS_FILE)"
}

main "$@"
