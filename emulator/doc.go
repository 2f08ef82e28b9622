// Package emulator is a local stand-in for the platform's auth server and
// REST API, in the spirit of net/http/httptest: tests start one on loopback,
// the demo and `pshcron-emulator` serve one to try cron lines without an
// account. It implements the token exchange and the endpoints pshcron uses,
// answers in the shapes of the platform's OpenAPI spec, and counts requests.
package emulator
