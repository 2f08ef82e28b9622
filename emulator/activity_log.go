package emulator

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// An activity's log, as the platform serves it at the activity's
// _links.log: JSON lines {"_id", "data": {"timestamp", "message"}}, the text
// in data.message, and a last line {"seal": true} once the log is complete.
// The log grows while the activity runs: a read before the end answers the
// lines so far and no seal, and the client reads again. The path is in
// neither OpenAPI spec (the official clients follow the link): the contract
// tests leave it out.

// logLine is one line of an activity's log.
type logLine struct {
	ID   string      `json:"_id"`
	Data logLineData `json:"data"`
}

type logLineData struct {
	Timestamp string `json:"timestamp"`
	Message   string `json:"message"`
}

// activityLog is an activity's log so far, and whether it is sealed;
// callers hold s.mu.
func (s *Server) activityLog(a *activity) (lines []logLine, sealed bool) {
	state, result, _ := s.progress(a)
	if a.timed {
		return s.timedLog(a, state)
	}
	base, ok := s.clock(a)
	if !ok {
		// The platform's own words for a push queued behind a cron.
		lines = []logLine{{ID: a.id + "-1", Data: logLineData{Timestamp: ts(a.created), Message: "Waiting for other activities to complete.\n"}}}
		if state == "cancelled" {
			lines = append(lines, logLine{ID: a.id + "-2", Data: logLineData{Timestamp: ts(a.cancelledAt), Message: "Cancelled.\n"}})
		}
		return lines, state != "pending"
	}
	started := base.Add(s.opts.PendingFor)
	end := s.opts.Now()
	if a.cancelled {
		end = a.cancelledAt
	}
	ran := end.Sub(started)
	add := func(at time.Time, msg string) {
		lines = append(lines, logLine{ID: a.id + "-" + strconv.Itoa(len(lines)+1), Data: logLineData{Timestamp: ts(at), Message: msg}})
	}
	if state == "pending" {
		return nil, false
	}
	if ran >= 0 {
		add(started, "Starting "+a.typ+"\n")
	}
	if ran >= s.opts.RunningFor/2 {
		add(started.Add(s.opts.RunningFor/2), "Half way through "+a.typ+"\n")
	}
	switch state {
	case "cancelled":
		add(a.cancelledAt, "Cancelled.\n")
	case "staged":
		add(started.Add(s.opts.RunningFor), "Staged: waiting for a deploy.\n")
	case "complete":
		add(started.Add(s.opts.RunningFor), "Finished: "+result+"\n")
	}
	return lines, state != "in_progress"
}

// timedLog is a cron run's own lines, spread over the time it ran (a
// running one's all at its start, so far), sealed once it has ended;
// callers hold s.mu.
func (s *Server) timedLog(a *activity, state string) (lines []logLine, sealed bool) {
	if state == "pending" {
		return nil, false
	}
	for i, msg := range a.lines {
		at := a.started
		if !a.running && len(a.lines) > 1 {
			at = at.Add(a.took * time.Duration(i) / time.Duration(len(a.lines)-1))
		}
		lines = append(lines, logLine{ID: a.id + "-" + strconv.Itoa(i+1), Data: logLineData{Timestamp: ts(at), Message: msg}})
	}
	if state == "cancelled" {
		lines = append(lines, logLine{ID: a.id + "-" + strconv.Itoa(len(lines)+1), Data: logLineData{Timestamp: ts(a.cancelledAt), Message: "Cancelled.\n"}})
	}
	return lines, state != "in_progress"
}

// getActivityLog answers the activity's log so far, sealed once it ends;
// with HoldLogStream, it keeps sending lines as they come until the seal or
// the hold's end.
func (s *Server) getActivityLog(w http.ResponseWriter, r *http.Request, p *project, _ []byte) {
	a := activityOf(w, r, p)
	if a == nil {
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	enc, rc := json.NewEncoder(w), http.NewResponseController(w)
	until := time.Now().Add(s.opts.HoldLogStream)
	for sent := 0; ; {
		lines, sealed := s.activityLog(a)
		for _, l := range lines[sent:] {
			_ = enc.Encode(l)
		}
		sent = len(lines)
		if sealed {
			_ = enc.Encode(map[string]bool{"seal": true})
			return
		}
		if !time.Now().Before(until) || !s.holdLog(r, rc) {
			return
		}
	}
}

// holdLog flushes what was written and waits a moment with s.mu released
// (the caller holds it, as every handler does); false if the client left.
func (s *Server) holdLog(r *http.Request, rc *http.ResponseController) bool {
	_ = rc.Flush()
	s.mu.Unlock()
	defer s.mu.Lock()
	return waitOrGone(r, 10*time.Millisecond)
}
