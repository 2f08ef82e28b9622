#!/bin/sh
# The fleet benchmark's baseline: what a shell loop over the official CLI
# asks of the API for each target, one after another: an exchange per
# project (no cache), then GET the project, GET its environments, POST the
# backup. Reads PLATFORMSH_CLI_TOKEN, PSHCRON_AUTH_URL, PSHCRON_API_URL and
# TARGETS (a file of PROJECT:ENVIRONMENT lines).
set -eu
while IFS=: read -r project env; do
	[ -n "$project" ] || continue
	token=$(printf 'grant_type=api_token&api_token=%s' "$PLATFORMSH_CLI_TOKEN" |
		curl -fsS -u 'platform-api-user:' --data-binary @- "$PSHCRON_AUTH_URL/oauth2/token" |
		sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
	auth="Authorization: Bearer $token"
	curl -fsS -H "$auth" "$PSHCRON_API_URL/projects/$project" >/dev/null
	curl -fsS -H "$auth" "$PSHCRON_API_URL/projects/$project/environments" >/dev/null
	curl -fsS -H "$auth" -H 'Content-Type: application/json' -d '{"safe": true}' \
		"$PSHCRON_API_URL/projects/$project/environments/$env/backup" >/dev/null
done <"$TARGETS"
