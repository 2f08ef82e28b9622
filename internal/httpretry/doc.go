// Package httpretry is pshcron's one retry mechanism, a RoundTripper shared
// by the token exchange and the API calls; it knows HTTP and the network,
// never what a request asks the platform.
//
// It retries only what is safe: any failure of an idempotent request, but
// for a POST that creates something only the outcomes where the server
// surely did nothing (refused connection, DNS failure, 429). A 503 may come
// from a proxy that gave up after the request reached the platform, so for
// such a POST it is the caller's to settle, as are the other unknown
// outcomes.
package httpretry
