#!/usr/bin/env bash
# data_extraction_automation-0x01: one sentence about the Pokémon in data.json.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

FILE=data.json

usage() {
  cat <<'USAGE'
Usage: extract.sh [FILE]

Print one sentence about the Pokémon saved in FILE (default: data.json, as fetch.sh
writes it), e.g.
  Pikachu is of type Electric, weighs 6kg, and is 0.4m tall.
jq reads the fields, awk converts the units (weight: hectograms to kilograms, rounded
to the nearest whole kg; height: decimetres to metres, one decimal) and sed capitalises
the name and each type (several types are joined with "/": Grass/Poison).

Options:
  -h, --help        show this help and exit

Exit status: 0 printed, 1 FILE missing, not JSON or missing a field, 2 bad usage.
USAGE
}

parse_args() {
  local files=()
  while (($#)); do
    case $1 in
      -h | --help) usage && exit 0 ;;
      --) shift && files+=("$@") && break ;;
      -?*) usage_error "unknown option: $1" ;;
      *) files+=("$1") ;;
    esac
    shift
  done
  ((${#files[@]} <= 1)) || usage_error "one file at a time"
  FILE=${files[0]:-$FILE}
}

main() {
  parse_args "$@"
  require_tools jq awk sed
  [[ -e $FILE ]] || die "$FILE: no such file (fetch.sh saves a Pokémon to data.json)"
  [[ -f $FILE && -r $FILE ]] || die "$FILE: not a readable file"
  local fields name height weight types
  fields=$(pokemon_fields "$FILE") || exit 1
  IFS=$'\t' read -r name height weight types <<<"$fields"
  # Hectograms to kilograms, half up (8.5 kg -> 9); decimetres to metres.
  local formatted_weight formatted_height
  formatted_weight=$(awk -v hg="$weight" 'BEGIN { printf "%d", int((hg + 5) / 10) }')
  formatted_height=$(awk -v dm="$height" 'BEGIN { printf "%.1f", dm / 10 }')
  printf '%s is of type %s, weighs %skg, and is %sm tall.\n' \
    "$(capitalise <<<"$name")" "$(capitalise <<<"$types")" "$formatted_weight" "$formatted_height"
}

main "$@"
