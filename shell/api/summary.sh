#!/usr/bin/env bash
# summaryData-0x03: a CSV report and averages of the Pokémon in pokemon_data/.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

readonly REPORT=pokemon_report.csv
readonly HEADER='Name,Height (m),Weight (kg)'
DIR=pokemon_data

usage() {
  cat <<'USAGE'
Usage: summary.sh [DIR]

Read every DIR/*.json (default DIR: pokemon_data, as batch.sh and parallel.sh write it)
and write pokemon_report.csv in the current folder: the header
  Name,Height (m),Weight (kg)
then one row per Pokémon, sorted by name, e.g. Bulbasaur,0.7,6.9 (metres and kilograms,
one decimal). Print that CSV, a blank line, then the averages (two decimals):
  Average Height: 1.08 m
  Average Weight: 29.48 kg

An empty or missing DIR, or a file that is not a Pokémon's JSON, is an error: nothing is
written and an existing pokemon_report.csv is left as it was.

Options:
  -h, --help        show this help and exit

Exit status: 0 written, 1 no data or a bad file, 2 bad usage.
USAGE
}

parse_args() {
  local dirs=()
  while (($#)); do
    case $1 in
      -h | --help) usage && exit 0 ;;
      --) shift && dirs+=("$@") && break ;;
      -?*) usage_error "unknown option: $1" ;;
      *) dirs+=("$1") ;;
    esac
    shift
  done
  ((${#dirs[@]} <= 1)) || usage_error "one folder at a time"
  DIR=${dirs[0]:-$DIR}
}

# Tab-separated name, height (dm), weight (hg) for each file, sorted by name and
# capitalised; stops at the first file that is not a Pokémon's JSON.
read_rows() {
  local file fields name height weight
  for file in "$@"; do
    fields=$(pokemon_fields "$file") || return 1
    IFS=$'\t' read -r name height weight _ <<<"$fields"
    printf '%s\t%s\t%s\n' "$name" "$height" "$weight"
  done | LC_ALL=C sort -t $'\t' -k1,1 | capitalise
}

to_csv() {
  awk -F '\t' -v header="$HEADER" '
    BEGIN { print header }
    { printf "%s,%.1f,%.1f\n", $1, $2 / 10, $3 / 10 }'
}

averages() {
  awk -F , 'NR > 1 { height += $2; weight += $3; n++ }
    END { printf "Average Height: %.2f m\nAverage Weight: %.2f kg\n", height / n, weight / n }'
}

main() {
  parse_args "$@"
  require_tools jq awk sed sort
  [[ -d $DIR ]] || die "$DIR: no such folder (batch.sh saves Pokémon to pokemon_data/)"
  local files=()
  shopt -s nullglob
  files=("${DIR%/}"/*.json)
  shopt -u nullglob
  ((${#files[@]})) || die "$DIR: no .json file to summarise"
  local rows csv
  rows=$(read_rows "${files[@]}") || exit 1
  csv=$(to_csv <<<"$rows")
  install_traps
  new_temp_beside "$REPORT" || die "cannot create a file in the current folder"
  if ! printf '%s\n' "$csv" >"$TEMP_FILE" || ! commit_temp "$REPORT"; then
    die "cannot write $REPORT"
  fi
  printf '%s\n\n' "$csv"
  averages <<<"$csv"
}

main "$@"
