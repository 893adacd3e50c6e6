#!/usr/bin/env bash
# healthcheck.sh: wait, backing off exponentially, until a URL answers 2xx.
set -euo pipefail
# One number format ("0.5") for what we print and what curl and read -t parse.
export LC_ALL=C

readonly NAME=healthcheck
readonly SYNOPSIS="Usage: healthcheck.sh [--timeout SECONDS] [--interval SECONDS] \
[--max-interval SECONDS] [--verbose] URL"
# An attempt given less time than this could only time out: stop instead of making it.
readonly MIN_ATTEMPT_MS=100

usage() {
  echo "$SYNOPSIS"
  cat <<'USAGE'

Polls URL (http:// or https://) with curl until it answers with a 2xx status or
the deadline passes. Between attempts it waits, starting at --interval and
doubling up to --max-interval, and neither a wait nor an attempt runs past the
deadline. Redirects are not followed: a 3xx is not healthy. Needs only bash 5
and curl, so it fits a compose healthcheck:

  test: ["CMD", "ops/healthcheck.sh", "--timeout", "5", "http://localhost:8000/health/"]

  --timeout SECONDS       give up after this long (default 60)
  --interval SECONDS      first wait between attempts (default 1)
  --max-interval SECONDS  longest wait between attempts (default 8)
  -v, --verbose           on stderr, each failed attempt and the wait before the next:
                            healthcheck: attempt 1: HTTP 503; next in 1.000s
  -h, --help              show this help
SECONDS may have a fraction (0.25), down to milliseconds.
curl's proxy variables apply: behind a proxy, a local URL needs no_proxy=127.0.0.1.

It prints one line, on stdout when the URL is up:
  healthcheck: URL is up (HTTP 200) after N attempts
on stderr when the deadline passes:
  healthcheck: URL not healthy after 5.0s: last status HTTP 503
  healthcheck: URL not healthy after 5.0s: last status: connection refused

Exit status: 0 up, 1 not healthy by the deadline, 2 bad usage.
USAGE
}

usage_error() {
  echo "$NAME: $*" >&2
  echo "$SYNOPSIS" >&2
  echo "Try 'healthcheck.sh --help' for more." >&2
  exit 2
}

# Prints seconds $1 ("2", "0.25", ".5") as whole milliseconds: bash has no fractions.
to_ms() {
  local whole=${1%%.*} fraction=000
  [[ $1 == *.* ]] && fraction=${1#*.}000
  echo $((10#${whole:-0} * 1000 + 10#${fraction:0:3}))
}

# Prints milliseconds $1 as seconds with $2 decimals (3 or 1), truncated.
ms_to_seconds() {
  local ms=$1 decimals=$2 thousandths
  printf -v thousandths '%03d' $((ms % 1000))
  echo "$((ms / 1000)).${thousandths:0:decimals}"
}

# Stops with a usage error unless option $1's value $2 is a positive number of seconds.
check_seconds() {
  if ! [[ $2 =~ ^[0-9]{1,9}(\.[0-9]*)?$|^\.[0-9]+$ ]] || (($(to_ms "$2") == 0)); then
    usage_error "$1 takes a positive number of seconds (at least 0.001), not '$2'"
  fi
}

# Sets TIMEOUT_MS, INTERVAL_MS, MAX_INTERVAL_MS, VERBOSE and URL.
parse_args() {
  TIMEOUT_MS=60000 INTERVAL_MS=1000 MAX_INTERVAL_MS=8000 VERBOSE=0
  local -a urls=()
  while (($# > 0)); do
    case $1 in
      -h | --help) usage; exit 0 ;;
      -v | --verbose) VERBOSE=1 ;;
      --timeout | --interval | --max-interval)
        (($# >= 2)) || usage_error "$1 needs a number of seconds"
        check_seconds "$1" "$2"
        case $1 in
          --timeout) TIMEOUT_MS=$(to_ms "$2") ;;
          --interval) INTERVAL_MS=$(to_ms "$2") ;;
          *) MAX_INTERVAL_MS=$(to_ms "$2") ;;
        esac
        shift
        ;;
      --) shift; urls+=("$@"); break ;;
      -*) usage_error "unknown option: $1" ;;
      *) urls+=("$1") ;;
    esac
    shift
  done
  ((${#urls[@]} == 1)) || usage_error "expected one URL, got ${#urls[@]}"
  URL=${urls[0]}
  [[ ${URL,,} =~ ^https?://. ]] || usage_error "not an http:// or https:// URL: $URL"
}

# Prints the time in milliseconds. EPOCHREALTIME (bash 5) spares a date(1) per call.
now_ms() {
  local microseconds=${EPOCHREALTIME//[!0-9]/}
  echo $((microseconds / 1000))
}

# Waits $1 milliseconds with bash's own timed read, on a pipe we hold both ends of,
# where nothing ever arrives: sleep(1) may be missing, or lack fractions, in slim images.
pause() {
  read -rt "$(ms_to_seconds "$1" 3)" <> <(:) || true
}

# One GET that may take $1 ms. Sets LAST to "HTTP <code>", or to what went wrong when
# nothing answered; true on a 2xx. curl -q comes first: no ~/.curlrc may change it.
attempt() {
  local code status=0
  code=$(curl -q --silent --output /dev/null --write-out '%{http_code}' \
    --max-time "$(ms_to_seconds "$1" 3)" "$URL") || status=$?
  case $status in
    0) LAST="HTTP $code" ;;
    6) LAST="could not resolve the host" ;;
    7) LAST="connection refused" ;;
    28) LAST="timed out" ;;
    52) LAST="empty reply" ;;
    56) LAST="connection reset" ;;
    *) LAST="curl failed with exit status $status" ;;
  esac
  [[ $status == 0 && $code == 2?? ]]
}

# Prints the next wait: twice $1, at most MAX_INTERVAL_MS.
next_delay() {
  local doubled=$(($1 * 2))
  echo $((doubled < MAX_INTERVAL_MS ? doubled : MAX_INTERVAL_MS))
}

# Attempts until one gets a 2xx (true) or no time is left (false); counts in ATTEMPTS.
poll() {
  local deadline remaining delay
  deadline=$(($(now_ms) + TIMEOUT_MS))
  remaining=$TIMEOUT_MS
  delay=$((INTERVAL_MS < MAX_INTERVAL_MS ? INTERVAL_MS : MAX_INTERVAL_MS))
  ATTEMPTS=1
  local wait
  until attempt "$remaining"; do
    remaining=$((deadline - $(now_ms)))
    ((remaining > MIN_ATTEMPT_MS)) || return 1
    # Wake with at least MIN_ATTEMPT_MS left for the next attempt.
    wait=$((delay < remaining - MIN_ATTEMPT_MS ? delay : remaining - MIN_ATTEMPT_MS))
    if ((VERBOSE)); then
      echo "$NAME: attempt $ATTEMPTS: $LAST; next in $(ms_to_seconds "$wait" 3)s" >&2
    fi
    pause "$wait"
    delay=$(next_delay "$delay")
    remaining=$((deadline - $(now_ms)))
    ATTEMPTS=$((ATTEMPTS + 1))
  done
}

report_up() {
  local plural=s
  ((ATTEMPTS > 1)) || plural=
  echo "$NAME: $URL is up ($LAST) after $ATTEMPTS attempt$plural"
}

# States the budget, not the time spent: polling stops once less than
# MIN_ATTEMPT_MS is left.
report_down() {
  local separator=": " decimals=1
  [[ $LAST == HTTP* ]] && separator=" "
  ((TIMEOUT_MS % 100 == 0)) || decimals=3
  echo "$NAME: $URL not healthy after $(ms_to_seconds "$TIMEOUT_MS" "$decimals")s:" \
    "last status$separator$LAST" >&2
}

main() {
  parse_args "$@"
  [[ -n ${EPOCHREALTIME-} ]] || { echo "$NAME: needs bash 5 or later" >&2; exit 1; }
  if poll; then
    report_up
  else
    report_down
    exit 1
  fi
}

main "$@"
