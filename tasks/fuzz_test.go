package tasks

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rs/zerolog"

	"github.com/pshcron/pshcron/api"
)

// FuzzActionAnswer feeds Fire arbitrary 2xx answers: an activity with an id,
// none (accepted, nothing to follow), or an error, never a panic nor an
// activity without an id.
func FuzzActionAnswer(f *testing.F) {
	f.Add(`{"status":"accepted","code":202,"_embedded":{"activities":[{"id":"a1","type":"environment.backup","payload":{"backup_name":"b"}}]}}`)
	f.Add(`{"_embedded":{"activities":[{"type":"environment.backup"},{"id":"x","type":"other"}]}}`)
	f.Add(`{"_embedded":{"activities":[{"id":"a","payload":{"backup_name":7}}]}}`)
	f.Add(`{"_embedded":{"activities":null}}`)
	f.Add(`[]`)
	f.Add(``)
	f.Fuzz(func(t *testing.T, body string) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusAccepted)
			_, _ = io.WriteString(w, body)
		}))
		defer srv.Close()
		ac, err := api.NewClient(srv.URL, srv.Client(), "fuzz", zerolog.Nop())
		if err != nil {
			t.Fatal(err)
		}
		c := newClient(ac, zerolog.Nop())
		c.resends = 0
		act, err := c.Fire(context.Background(), api.Target{Project: "p", Environment: "e"}, Backup{})
		if act != nil && (err != nil || act.ID == "") {
			t.Fatalf("activity %+v with error %v", act, err)
		}
		if act != nil {
			_ = act.BackupName()
		}
	})
}
