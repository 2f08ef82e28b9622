package tokenauth

import (
	"testing"
	"time"
)

// A warm run reads the cached access token instead of exchanging.
func BenchmarkCacheRead(b *testing.B) {
	dir := b.TempDir()
	key := cacheKey(apiToken, "https://auth.example/oauth2/token", DefaultClientID)
	now := time.Now()
	if err := writeCache(dir, &cacheEntry{Version: cacheVersion, Key: key, AccessToken: "ACCESS", IssuedAt: now, ExpiresAt: now.Add(15 * time.Minute)}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if e := readCache(dir, key); e == nil {
			b.Fatal("no entry")
		}
	}
}

func BenchmarkCacheKey(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = cacheKey(apiToken, "https://auth.example/oauth2/token", DefaultClientID)
	}
}
