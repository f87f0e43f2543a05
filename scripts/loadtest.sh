#!/usr/bin/env bash
# make loadtest: gunicorn with production settings on a throwaway PostgreSQL
# cluster of its own (so restarting it disturbs nobody), driven by wrk over
# loopback. Three phases, each bounded in time:
#   1. steady load: LOADTEST_CONNECTIONS clients for LOADTEST_DURATION seconds, 0 errors;
#   2. the same load while PostgreSQL is restarted: recovered within 10 s, no traceback;
#   3. the same load while a gunicorn worker is killed: the master replaces it.
# Results are appended to LOADTEST_RESULTS (default loadtest-results.txt).
# Needs: wrk (apt-get install wrk), PostgreSQL's server binaries, curl.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${LOADTEST_PORT:-8611}
PG_PORT=${LOADTEST_PG_PORT:-8615}
CONNECTIONS=${LOADTEST_CONNECTIONS:-200}
DURATION=${LOADTEST_DURATION:-60}
WORKERS=${LOADTEST_WORKERS:-3}
THREADS=${LOADTEST_THREADS:-8}
RESULTS=${LOADTEST_RESULTS:-loadtest-results.txt}
TIMEOUT=${LOADTEST_TIMEOUT:-10}   # seconds; a slower answer counts as an error
PHASES=${LOADTEST_PHASES:-"steady restart kill"}   # a subset reruns single phases
BASE="http://127.0.0.1:${PORT}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "${PG_BIN}/initdb" ] || { echo "PostgreSQL server binaries not found" >&2; exit 2; }

WORK=$(mktemp -d /tmp/health-articles-loadtest.XXXXXX)
PGDATA="${WORK}/pg"
as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
GUNICORN_PID=""
cleanup() {
    [ -n "${GUNICORN_PID}" ] && kill "${GUNICORN_PID}" 2>/dev/null && wait "${GUNICORN_PID}" 2>/dev/null
    as_postgres "${PG_BIN}/pg_ctl" -D "${PGDATA}" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "${WORK}"
}
trap cleanup EXIT

log() { echo "[loadtest] $*"; }

log "PostgreSQL cluster of its own on port ${PG_PORT} (${PGDATA})"
mkdir -p "${PGDATA}"
[ "$(id -u)" = 0 ] && chown postgres "${WORK}" "${PGDATA}"
as_postgres "${PG_BIN}/initdb" -D "${PGDATA}" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
PG_OPTS="-p ${PG_PORT} -k ${PGDATA} -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off"
pg_start() { as_postgres "${PG_BIN}/pg_ctl" -D "${PGDATA}" -o "${PG_OPTS}" -l "${PGDATA}/server.log" -w start >/dev/null; }
pg_start
as_postgres "${PG_BIN}/createdb" -h 127.0.0.1 -p "${PG_PORT}" -U postgres loadtest

export DJANGO_SETTINGS_MODULE=config.settings.production
export DATABASE_URL="postgres://postgres@127.0.0.1:${PG_PORT}/loadtest"
SECRET_KEY="loadtest-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=false   # plain HTTP over loopback
export MEDIA_ROOT="${WORK}/media"

log "migrate, demo content, static files"
.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/python manage.py load_demo --no-admin >/dev/null
.venv/bin/python manage.py collectstatic --noinput >/dev/null

PATHS="${WORK}/paths.txt"
.venv/bin/python manage.py shell -c "
from django.utils.translation import override
from health_articles.models import ArticleIndexPage, HealthArticlePage
from shop_links.models import ShopCollection
article = HealthArticlePage.objects.live().first()
paths = []
for language in ('nl', 'en'):
    with override(language):
        paths += [article.url, ArticleIndexPage.objects.first().url]
    paths += [f'/api/v1/articles/?language={language}', f'/api/v1/articles/{article.pk}/?language={language}']
    for collection in ShopCollection.objects.all()[:2]:
        paths.append(f'/api/v1/collections/{collection.handle}/articles/?language={language}')
        paths.append(f'/embed/collections/{collection.handle}/articles/?language={language}')
paths += ['/sitemap.xml', '/robots.txt']
print('\n'.join(paths))
" | grep '^/' >"${PATHS}"
export LOADTEST_PATHS="${PATHS}"
log "$(wc -l <"${PATHS}") paths, e.g. $(head -1 "${PATHS}")"

log "gunicorn: ${WORKERS} workers x ${THREADS} threads on ${BASE}"
.venv/bin/gunicorn config.wsgi -b "127.0.0.1:${PORT}" -w "${WORKERS}" -k gthread \
    --threads "${THREADS}" --error-logfile "${WORK}/gunicorn.log" --capture-output \
    --graceful-timeout 5 &
GUNICORN_PID=$!
for _ in $(seq 1 60); do curl -fs -o /dev/null "${BASE}/robots.txt" && break; sleep 0.5; done

workers() { pgrep -P "${GUNICORN_PID}" | sort; }
run_wrk() {  # $1 = seconds; prints the RESULT line
    wrk -t2 -c"${CONNECTIONS}" -d"$1s" --timeout "${TIMEOUT}s" -s scripts/loadtest.lua "${BASE}" \
        | grep '^RESULT'
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
bad_statuses() {  # statuses other than 2xx/3xx, e.g. "500=12"
    tr ',' '\n' <<<"$(field statuses "$1")" | grep -v '^[23][0-9][0-9]=' | paste -sd, - || true
}

FAILED=0
{
    echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) make loadtest (${PHASES}): ${CONNECTIONS} clients, ${DURATION} s per phase, ${TIMEOUT} s client timeout,"
    echo "   gunicorn ${WORKERS}x${THREADS} (gthread), PostgreSQL $("${PG_BIN}/postgres" --version | awk '{print $3}'), $(nproc) CPUs"
} | tee -a "${RESULTS}"

wants() { [[ " ${PHASES} " == *" $1 "* ]]; }

if wants steady; then
    log "phase 1: steady load"
    steady=$(run_wrk "${DURATION}")
    bad=$(bad_statuses "${steady}")
    echo "steady:   ${steady#RESULT }" | tee -a "${RESULTS}"
    if [ "$(field socket_errors "${steady}")" != 0 ] || [ -n "${bad}" ] || [ "$(field tracebacks "${steady}")" != 0 ]; then
        echo "steady:   FAILED (errors under steady load)" | tee -a "${RESULTS}"; FAILED=1
    fi
fi

if wants restart; then
    log "phase 2: PostgreSQL restarted under load"
    run_wrk "${DURATION}" >"${WORK}/restart.txt" &
    WRK=$!
    sleep $((DURATION / 3))
    start=$(date +%s.%N)
    as_postgres "${PG_BIN}/pg_ctl" -D "${PGDATA}" -m fast stop >/dev/null
    pg_start
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "${BASE}/api/v1/articles/?language=nl")" = 200 ]; do
        sleep 0.1
        if (($(echo "$(date +%s.%N) - ${start} > 60" | bc))); then break; fi
    done
    recovery=$(echo "$(date +%s.%N) - ${start}" | bc)
    wait "${WRK}"
    restart=$(cat "${WORK}/restart.txt")
    after=$(run_wrk 10)
    printf 'restart:  %s\n          recovered %.1f s after the restart began (stop + start + first 200); errors during it: %s\n          10 s after: %s\n' \
        "${restart#RESULT }" "${recovery}" "$(bad_statuses "${restart}")" "${after#RESULT }" | tee -a "${RESULTS}"
    if (($(echo "${recovery} > 10" | bc))) || [ "$(field tracebacks "${restart}")" != 0 ] \
        || [ -n "$(bad_statuses "${after}")" ] || [ "$(field socket_errors "${after}")" != 0 ]; then
        echo "restart:  FAILED" | tee -a "${RESULTS}"; FAILED=1
    fi
fi

if wants kill; then
    log "phase 3: a worker killed under load"
    run_wrk "${DURATION}" >"${WORK}/kill.txt" &
    WRK=$!
    sleep $((DURATION / 3))
    # Workers are recycled after GUNICORN_MAX_REQUESTS (gunicorn.conf.py): pick the
    # victim among the workers alive right now.
    victim=$(workers | head -1)
    kill -9 "${victim}"
    replaced=""
    for _ in $(seq 1 100); do
        now=$(workers)
        if [ "$(wc -l <<<"${now}")" = "${WORKERS}" ] && ! grep -qx "${victim}" <<<"${now}"; then
            replaced=yes; break
        fi
        sleep 0.1
    done
    wait "${WRK}"
    killed=$(cat "${WORK}/kill.txt")
    printf 'kill -9:  %s\n          worker %s killed; replaced: %s; errors during it: %s\n' \
        "${killed#RESULT }" "${victim}" "${replaced:-NO}" "$(bad_statuses "${killed}")" | tee -a "${RESULTS}"
    if [ -z "${replaced}" ] || [ "$(field tracebacks "${killed}")" != 0 ]; then
        echo "kill -9:  FAILED" | tee -a "${RESULTS}"; FAILED=1
    fi
fi
if grep -q "Traceback" "${WORK}/gunicorn.log"; then
    echo "gunicorn error log: $(grep -c '"level": "ERROR"' "${WORK}/gunicorn.log") JSON error records (tracebacks logged, not shown to clients)" | tee -a "${RESULTS}"
fi
if [ "${FAILED}" = 0 ]; then echo "loadtest: passed" | tee -a "${RESULTS}"; else echo "loadtest: FAILED" | tee -a "${RESULTS}"; fi
exit "${FAILED}"
