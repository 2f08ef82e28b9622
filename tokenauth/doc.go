// Package tokenauth turns the user's API token into short-lived access tokens:
// it finds the token, exchanges it at the OAuth2 endpoint, caches the access
// token on disk for the next cron run, and adds it to API requests. Neither
// token ever appears in an error, a log line or a file outside the cache.
package tokenauth
