package cli

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The shards of a fleet are disjoint and cover it, for every N, whatever
// the targets' order.
func TestShardsAreDisjointAndCover(t *testing.T) {
	t.Parallel()
	var targets []fleetTarget
	for i := 0; i < 500; i++ {
		targets = append(targets, fleetTarget{Project: fmt.Sprintf("proj%03d", i%37), Environment: fmt.Sprintf("env%d", i)})
	}
	for n := 1; n <= 8; n++ {
		seen := map[string]int{}
		sizes := make([]int, n)
		for k := 1; k <= n; k++ {
			for _, tg := range targets {
				if inShard(tg, k, n) {
					seen[tg.String()]++
					sizes[k-1]++
				}
			}
		}
		assert.Len(t, seen, len(targets), "n=%d: every target in a shard", n)
		for name, c := range seen {
			assert.Equal(t, 1, c, "n=%d: %s in one shard only", n, name)
		}
		for k, size := range sizes {
			assert.Greater(t, size, len(targets)/n/2, "n=%d: shard %d is not starved", n, k+1)
		}
	}
}

func TestParseShard(t *testing.T) {
	t.Parallel()
	k, n, err := parseShard("2/4")
	assert.NoError(t, err)
	assert.Equal(t, [2]int{2, 4}, [2]int{k, n})
	for _, bad := range []string{"0/4", "5/4", "1", "a/b", "1/0", "-1/2"} {
		_, _, err := parseShard(bad)
		assert.Error(t, err, bad)
	}
}
