package retention

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// backups makes one backup per timestamp, named b1, b2, ... in order.
func backups(times ...string) []Backup {
	var out []Backup
	for i, s := range times {
		out = append(out, Backup{ID: "b" + string(rune('1'+i)), CreatedAt: at(s)})
	}
	return out
}

// kept lists the ids kept, newest first.
func kept(ds []Decision) string {
	var ids []string
	for _, d := range ds {
		if d.Keep {
			ids = append(ids, d.Backup.ID)
		}
	}
	return strings.Join(ids, " ")
}

func TestApply(t *testing.T) {
	t.Parallel()
	twoADay := backups("2026-11-23T03:00:00Z", "2026-11-23T15:00:00Z", "2026-11-24T03:00:00Z", "2026-11-24T15:00:00Z",
		"2026-11-25T03:00:00Z", "2026-11-25T15:00:00Z", "2026-11-26T03:00:00Z")
	tests := []struct {
		name    string
		backups []Backup
		policy  Policy
		kept    string
	}{
		{"keep-last", twoADay, Policy{Last: 3}, "b7 b6 b5"},
		{"keep-daily keeps each day's newest", twoADay, Policy{Daily: 3}, "b7 b6 b4"},
		{"keep-hourly", twoADay, Policy{Hourly: 2}, "b7 b6"},
		{"last and daily together", twoADay, Policy{Last: 1, Daily: 2}, "b7 b6"},
		{"a policy larger than the backups keeps them all", twoADay, Policy{Daily: 30}, "b7 b6 b4 b2"},
		{"keep-within the newest, not now", twoADay, Policy{Within: 24 * time.Hour}, "b7 b6 b5"},
		// 2026-11-29 is a Sunday, 2026-11-30 a Monday: ISO weeks 48 and 49.
		{"weekly across an ISO week boundary", backups("2026-11-28T12:00:00Z", "2026-11-29T23:59:00Z", "2026-11-30T00:01:00Z"),
			Policy{Weekly: 2}, "b3 b2"},
		{"monthly and yearly", backups("2025-12-31T12:00:00Z", "2026-01-15T12:00:00Z", "2026-01-31T12:00:00Z", "2026-02-01T12:00:00Z"),
			Policy{Monthly: 2, Yearly: 2}, "b4 b3 b1"},
		// 01:00 at +02:00 is 23:00 UTC the day before: periods are UTC's.
		{"periods in UTC", backups("2026-11-27T22:00:00Z", "2026-11-28T01:00:00+02:00", "2026-11-28T03:00:00+02:00"),
			Policy{Daily: 5}, "b3 b2"},
		{"ties: one period, the larger id kept", backups("2026-11-27T03:00:00Z", "2026-11-27T03:00:00Z"), Policy{Daily: 1}, "b2"},
		{"ties: keep-last keeps both", backups("2026-11-27T03:00:00Z", "2026-11-27T03:00:00Z"), Policy{Last: 2}, "b2 b1"},
		{"a backup in the future is the newest", backups("2026-11-27T03:00:00Z", "2030-01-01T00:00:00Z"), Policy{Last: 1}, "b2"},
		{"no backups", nil, Policy{Daily: 3}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.kept, kept(Apply(tt.backups, tt.policy)))
		})
	}
}

func TestProtectedBackupsAreKept(t *testing.T) {
	t.Parallel()
	bs := backups("2026-11-25T03:00:00Z", "2026-11-26T03:00:00Z", "2026-11-27T03:00:00Z")
	bs[0].Protected, bs[0].Why = true, "not complete"
	ds := Apply(bs, Policy{Last: 1})
	assert.Equal(t, "b3 b1", kept(ds))
	assert.Equal(t, []string{"not complete"}, ds[2].Reasons)
	assert.Equal(t, []string{"last"}, ds[0].Reasons)
}

func TestReasonsNameTheRule(t *testing.T) {
	t.Parallel()
	ds := Apply(backups("2026-11-27T03:00:00Z"), Policy{Last: 1, Daily: 1, Weekly: 1, Within: time.Hour})
	assert.Equal(t, []string{"last", "daily 2026-11-27", "weekly 2026-W48", "within 1h0m0s"}, ds[0].Reasons)
}

func TestPolicy(t *testing.T) {
	t.Parallel()
	assert.True(t, Policy{}.Empty())
	assert.False(t, Policy{Within: time.Hour}.Empty())
	assert.Equal(t, "--keep-daily 3 --keep-weekly 1", Policy{Daily: 3, Weekly: 1}.String())
	p := Policy{Last: 2}
	Apply(backups("2026-11-27T03:00:00Z", "2026-11-28T03:00:00Z", "2026-11-29T03:00:00Z"), p)
	assert.Equal(t, 2, p.Last, "the caller's policy is not used up")
}
