package tasks

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pshcron/pshcron/api"
	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
)

func TestWaitPrintsTheLogStream(t *testing.T) {
	t.Parallel()
	// Pending long enough that the first read comes before the end, even
	// on a loaded machine.
	em := emutest.Start(t, emulator.Options{PendingFor: 300 * time.Millisecond, RunningFor: 300 * time.Millisecond, Now: time.Now})
	var logs bytes.Buffer
	j := job("main", Redeploy{})
	j.Wait, j.Poll = true, 10*time.Millisecond
	res, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs), j)
	require.NoError(t, err)
	assert.Equal(t, "complete", res.Activity.State)
	out := logs.String()
	for _, msg := range []string{"Starting environment.redeploy", "Half way through environment.redeploy", "Finished: success"} {
		assert.Equal(t, 1, strings.Count(out, `"message":"`+msg+`"`), "each line once: %s\n%s", msg, out)
	}
	assert.Less(t, strings.Index(out, "Finished: success"), strings.Index(out, "redeploy finished"), "the log, then the result")
	assert.GreaterOrEqual(t, em.Count(emulator.RouteActivityLog), 2, "read again until sealed")
}

func TestWaitReadsAHeldStreamLive(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{PendingFor: 20 * time.Millisecond, RunningFor: 60 * time.Millisecond,
		HoldLogStream: time.Minute, Now: time.Now})
	var logs bytes.Buffer
	j := job("main", Redeploy{})
	j.Wait, j.Poll = true, 10*time.Millisecond
	res, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs), j)
	require.NoError(t, err)
	assert.Equal(t, "success", res.Activity.Result)
	assert.Equal(t, 1, strings.Count(logs.String(), `"message":"Half way through environment.redeploy"`), logs.String())
	assert.Equal(t, 1, em.Count(emulator.RouteActivityLog), "one stream, held open until sealed")
	assert.LessOrEqual(t, em.Count(emulator.RouteActivity), 2, "then the activity's end, with no polling meanwhile")
}

func TestWaitFallsBackToPollingWhenTheStreamBreaks(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{PendingFor: 20 * time.Millisecond, RunningFor: 40 * time.Millisecond, Now: time.Now})
	em.InjectFault(emulator.Fault{Route: emulator.RouteActivityLog, Kind: emulator.FaultStatus, Status: http.StatusNotFound})
	var logs bytes.Buffer
	j := job("main", Redeploy{})
	j.Wait, j.Poll = true, 10*time.Millisecond
	res, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs), j)
	require.NoError(t, err)
	assert.Equal(t, "success", res.Activity.Result, "the end is still known")
	assert.Contains(t, logs.String(), "cannot read the activity's log; polling the activity instead")
	assert.Equal(t, 1, em.Count(emulator.RouteActivityLog), "not read again once broken")
}

// A hostile answer cannot steer a request: the activity a backup's POST
// names is ".."; the wait refuses to poll /projects/P/activities/.. (which
// is /projects/P once normalised) and sends nothing more.
func TestAnswerCannotSteerAPath(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{})
	em.InjectFault(emulator.Fault{Route: routeBackup, Kind: emulator.FaultBody, Times: 1,
		Body: `{"_embedded": {"activities": [{"id": "..", "type": "environment.backup", "state": "in_progress"}]}}`})
	var logs bytes.Buffer
	j := job("main", Backup{})
	j.Wait = true
	_, err := run(t, context.Background(), config(t, em, emutest.AdminToken, &logs), j)
	var idErr *api.IDError
	require.ErrorAs(t, err, &idErr)
	assert.Equal(t, "..", idErr.Value)
	assert.Equal(t, "GET", idErr.Method)
	assert.Zero(t, em.Count(emulator.RouteActivity)+em.Count(emulator.RouteProject), "no poll was sent")
	assert.False(t, errors.Is(err, context.Canceled))
}
