#!/usr/bin/env bash
# batchProcessing-0x04: batch.sh's fetches as background jobs, at most N at a time.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

readonly DATA_DIR=pokemon_data
MAX_JOBS=4
JOBS_RUNNING=0 # jobs started and not yet collected
JOBS_FAILED=0 # jobs that ended without saving their Pokémon

usage() {
  cat <<'USAGE'
Usage: parallel.sh [-j N] [NAME ...]

Fetch each Pokémon (default: bulbasaur ivysaur venusaur charmander charmeleon) into
pokemon_data/NAME.json like batch.sh (same lines, same retries, same errors.txt), but as
background jobs, at most N at a time, a new one starting as soon as one ends. Lines of
different Pokémon may interleave; no pause between requests.

On SIGINT or SIGTERM, or when pokemon_data/ or errors.txt cannot be written, the
running jobs are stopped (their curl included) and their temp files removed.

Options:
  -j N              at most N jobs at once, a positive integer (default: 4)
  -h, --help        show this help and exit

Environment:
  POKEAPI_BASE_URL  the API base (default: https://pokeapi.co/api/v2)
  POKEAPI_TIMEOUT   seconds allowed per request (default: 10)
  RETRY_DELAY       seconds before the first retry, doubled for each next one (default: 1)

Exit status: 0 all saved, 1 any failed (or a folder/file cannot be written), 2 bad
usage, 130 after SIGINT, 143 after SIGTERM.
USAGE
}

parse_args() {
  parse_names -j MAX_JOBS "a number of jobs" "$@"
  [[ $MAX_JOBS =~ ^[1-9][0-9]*$ ]] || usage_error "-j must be a positive integer, got '$MAX_JOBS'"
}

# One background job: its own traps (a subshell does not inherit them), so that it
# removes its temp file when stop_jobs interrupts it.
fetch_job() {
  install_traps
  save_pokemon "$1" "$DATA_DIR"
}

# Start a job in a process group of its own (job control on for the `&` only: left on,
# bash would print "[1] Done" lines), so stop_jobs can signal the job together with the
# curl or sleep it is waiting for.
start_job() {
  set -m
  fetch_job "$1" &
  set +m
  JOBS_RUNNING=$((JOBS_RUNNING + 1))
}

# Wait for the next job to end and count it; a job that could not write stops the run.
collect_job() {
  local status=$SAVED
  wait -n || status=$?
  JOBS_RUNNING=$((JOBS_RUNNING - 1))
  ((status != LOCAL)) || stop_jobs 1
  ((status == SAVED)) || JOBS_FAILED=$((JOBS_FAILED + 1))
}

# stop_jobs STATUS: interrupt every running job, wait until they are gone, exit STATUS.
# SIGINT, as Ctrl-C would send it: each job traps it to remove its temp file, and unlike
# SIGTERM, bash reports no "Terminated" line for the curl it kills.
stop_jobs() {
  trap '' INT TERM # the clean-up itself is not interrupted
  local pid
  for pid in $(jobs -p); do
    kill -INT -- "-$pid" 2>/dev/null || true
  done
  wait || true
  # A job interrupted between mktemp and noting the name in TEMP_FILE leaves its file
  # (and its .status): named after our pid, they can only be this run's.
  rm -f -- "$DATA_DIR"/.*."$$".??????{,.status}
  exit "$1"
}

main() {
  parse_args "$@"
  check_network_settings
  require_tools curl jq
  mkdir -p -- "$DATA_DIR" 2>/dev/null || die "cannot create the folder $DATA_DIR"
  trap 'stop_jobs 130' INT
  trap 'stop_jobs 143' TERM
  local name
  for name in "${NAMES[@]}"; do
    ((JOBS_RUNNING < MAX_JOBS)) || collect_job
    start_job "$name"
  done
  while ((JOBS_RUNNING > 0)); do
    collect_job
  done
  ((JOBS_FAILED == 0)) || die "$JOBS_FAILED of ${#NAMES[@]} Pokémon not fetched (see $ERRORS_FILE)"
}

main "$@"
