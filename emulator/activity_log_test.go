package emulator_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// streamLog reads an activity's log as the official clients do: its
// messages, and whether the seal ended it.
func (f *fixture) streamLog(t *testing.T, tok, href string) (messages []string, sealed bool) {
	req, _ := http.NewRequest("GET", f.em.URL+href, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var line struct {
			ID   string `json:"_id"`
			Seal bool   `json:"seal"`
			Data struct{ Timestamp, Message string }
		}
		require.NoError(t, json.Unmarshal(sc.Bytes(), &line), sc.Text())
		assert.False(t, sealed, "nothing after the seal")
		if line.Seal {
			sealed = true
			continue
		}
		assert.NotEmpty(t, line.ID)
		assert.NotEmpty(t, line.Data.Timestamp)
		messages = append(messages, line.Data.Message)
	}
	return messages, sealed
}

func TestActivityLogGrowsAndIsSealed(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	_, obj, _ := f.call(t, tok, "POST", "/projects/proj1/environments/main/redeploy", "")
	act := obj["_embedded"].(map[string]any)["activities"].([]any)[0].(map[string]any)
	assert.Equal(t, "", act["log"], "the deprecated property is empty")
	href := act["_links"].(map[string]any)["log"].(map[string]any)["href"].(string)
	assert.Equal(t, emulator.APIPath+"/projects/proj1/activities/"+act["id"].(string)+"/log", href)
	assert.Contains(t, act["_links"], "#cancel", "cancellable while pending")

	msgs, sealed := f.streamLog(t, tok, href)
	assert.Empty(t, msgs, "pending: nothing yet")
	assert.False(t, sealed)
	f.advance(1500 * time.Millisecond)
	msgs, sealed = f.streamLog(t, tok, href)
	assert.Equal(t, []string{"Starting environment.redeploy\n"}, msgs)
	assert.False(t, sealed, "still running")
	f.advance(2 * time.Second)
	msgs, sealed = f.streamLog(t, tok, href)
	assert.Equal(t, []string{"Starting environment.redeploy\n", "Half way through environment.redeploy\n", "Finished: success\n"}, msgs)
	assert.True(t, sealed)
	assert.Equal(t, 3, f.em.Count(emulator.RouteActivityLog))
	_, obj, _ = f.call(t, tok, "GET", "/projects/proj1/activities/"+act["id"].(string), "")
	assert.NotContains(t, obj["_links"], "#cancel", "not once it has ended")
}

func TestCancelledActivity(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	_, obj, _ := f.call(t, tok, "POST", "/projects/proj1/environments/main/redeploy", "")
	id := obj["_embedded"].(map[string]any)["activities"].([]any)[0].(map[string]any)["id"].(string)
	f.advance(1500 * time.Millisecond)
	st, _, _ := f.call(t, tok, "POST", "/projects/proj1/activities/"+id+"/cancel", "")
	assert.Equal(t, 202, st)
	f.advance(10 * time.Minute)
	msgs, sealed := f.streamLog(t, tok, emulator.APIPath+"/projects/proj1/activities/"+id+"/log")
	assert.Equal(t, []string{"Starting environment.redeploy\n", "Cancelled.\n"}, msgs, "the log stops at the cancellation")
	assert.True(t, sealed)

	// A finished activity: the platform's refusal, in the words the
	// official activity:cancel looks for.
	st, obj, _ = f.call(t, tok, "POST", "/projects/proj1/activities/"+id+"/cancel", "")
	assert.Equal(t, 400, st)
	assert.Contains(t, obj["message"], "cannot be cancelled in its current state")
}

func TestActivitiesFilteredByStates(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	f.em.AddActivities("proj1", "main", "environment.cron", 2)
	f.advance(10 * time.Minute)
	f.call(t, tok, "POST", "/projects/proj1/environments/main/redeploy", "")
	_, _, list := f.call(t, tok, "GET", "/projects/proj1/environments/main/activities?state=in_progress&state=pending", "")
	require.Len(t, list, 1)
	assert.Equal(t, "environment.redeploy", list[0].(map[string]any)["type"])
	_, _, list = f.call(t, tok, "GET", "/projects/proj1/environments/main/activities?state=complete", "")
	assert.Len(t, list, 2)
}

func TestVariableLevelsStayApart(t *testing.T) {
	t.Parallel()
	f := start(t)
	tok := f.token(t, emutest.AdminToken)
	st, _, _ := f.call(t, tok, "POST", "/projects/proj1/variables", `{"name": "env:P", "value": "1"}`)
	require.Equal(t, 201, st)
	st, _, _ = f.call(t, tok, "POST", "/projects/proj1/environments/main/variables", `{"name": "env:E", "value": "2"}`)
	require.Equal(t, 201, st)
	f.call(t, tok, "POST", "/projects/proj1/environments/main/variables", `{"name": "env:PRIVATE", "value": "3", "is_inheritable": false}`)

	_, _, list := f.call(t, tok, "GET", "/projects/proj1/environments/main/variables", "")
	require.Len(t, list, 2, "no project variable in an environment's list")
	e := list[0].(map[string]any)
	assert.Equal(t, "env:E", e["name"])
	assert.Equal(t, false, e["inherited"])
	assert.Equal(t, false, e["visible_build"], "not visible at build unless set")
	_, _, list = f.call(t, tok, "GET", "/projects/proj1/variables", "")
	require.Len(t, list, 1)
	assert.Equal(t, true, list[0].(map[string]any)["visible_build"])
	st, _, _ = f.call(t, tok, "GET", "/projects/proj1/environments/main/variables/env:P", "")
	assert.Equal(t, 404, st)

	// A child environment inherits its parent's inheritable variables.
	_, _, list = f.call(t, tok, "GET", "/projects/proj1/environments/staging/variables", "")
	require.Len(t, list, 1)
	assert.Equal(t, "env:E", list[0].(map[string]any)["name"])
	assert.Equal(t, true, list[0].(map[string]any)["inherited"])
	st, obj, _ := f.call(t, tok, "GET", "/projects/proj1/environments/staging/variables/env:E", "")
	assert.Equal(t, 200, st)
	assert.Equal(t, true, obj["inherited"])
}

func TestHeldLogStreamSendsLinesAsTheyCome(t *testing.T) {
	t.Parallel()
	em := emutest.Start(t, emulator.Options{PendingFor: 20 * time.Millisecond, RunningFor: 60 * time.Millisecond,
		HoldLogStream: time.Minute, Now: time.Now})
	f := &fixture{em: em}
	tok := f.token(t, emutest.AdminToken)
	start := time.Now()
	_, obj, _ := f.call(t, tok, "POST", "/projects/proj1/environments/main/redeploy", "")
	act := obj["_embedded"].(map[string]any)["activities"].([]any)[0].(map[string]any)
	href := act["_links"].(map[string]any)["log"].(map[string]any)["href"].(string)
	msgs, sealed := f.streamLog(t, tok, href)
	assert.Equal(t, []string{"Starting environment.redeploy\n", "Half way through environment.redeploy\n", "Finished: success\n"}, msgs)
	assert.True(t, sealed, "one request, held open until the seal")
	assert.GreaterOrEqual(t, time.Since(start), 80*time.Millisecond, "held until the activity ended")
	assert.Equal(t, 1, em.Count(emulator.RouteActivityLog))
}
