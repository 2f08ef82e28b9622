#!/bin/sh
# The benchmark's baseline: the same job scripted by hand as a careful user
# would, with curl: exchange the API token (passed on stdin, not in the process
# list), then send the action. No guard, no cache, no retry.
# Reads PLATFORMSH_CLI_TOKEN, PSHCRON_AUTH_URL, PSHCRON_API_URL, PLATFORM_PROJECT,
# PLATFORM_BRANCH and TASK (backup, redeploy, source-operation, cert:renew, sync).
set -eu
: "${TASK:=backup}"
token=$(printf 'grant_type=api_token&api_token=%s' "$PLATFORMSH_CLI_TOKEN" |
	curl -fsS -u 'platform-api-user:' --data-binary @- "$PSHCRON_AUTH_URL/oauth2/token" |
	sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "baseline: no access token" >&2; exit 3; }
env="$PSHCRON_API_URL/projects/$PLATFORM_PROJECT/environments/$PLATFORM_BRANCH"
auth="Authorization: Bearer $token"
json='Content-Type: application/json'
case $TASK in
backup) curl -fsS -H "$auth" -H "$json" -d '{"safe": true}' "$env/backup" ;;
redeploy) curl -fsS -X POST -H "$auth" "$env/redeploy" ;;
source-operation) curl -fsS -H "$auth" -H "$json" -d '{"operation": "update", "variables": {}}' "$env/source-operation" ;;
cert:renew) curl -fsS -H "$auth" "$PSHCRON_API_URL/projects/$PLATFORM_PROJECT/certificates" ;;
sync) curl -fsS -H "$auth" -H "$json" -d '{"synchronize_code": true, "synchronize_data": true, "rebase": false}' \
	"$PSHCRON_API_URL/projects/$PLATFORM_PROJECT/environments/staging/synchronize" ;;
*) echo "baseline: unknown TASK $TASK" >&2; exit 2 ;;
esac >/dev/null
