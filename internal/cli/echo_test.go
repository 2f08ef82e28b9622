package cli

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/pshcron/pshcron/emulator"
	"github.com/pshcron/pshcron/internal/emutest"
)

// emuEcho is the scripts' `emu echo PLACE FILE`: the next request to PLACE
// is answered 400 with an error that echoes the value FILE holds, as an
// API that quotes what it refused does: raw in the message, and
// JSON-escaped in the request body it quotes back.
func emuEcho(ts *testscript.TestScript, em *emutest.Env, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: emu echo PLACE FILE")
	}
	route, ok := emulator.Place(args[0])
	if !ok {
		ts.Fatalf("emu echo: no route is called %q", args[0])
	}
	raw, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	value := strings.TrimSuffix(string(raw), "\n")
	quoted, err := json.Marshal(map[string]string{"value": value})
	ts.Check(err)
	body, err := json.Marshal(map[string]any{
		"status": "Bad Request", "code": 400, "title": "Bad Request",
		"message": "Invalid value " + value + " in " + string(quoted), "detail": map[string]any{},
	})
	ts.Check(err)
	em.InjectFault(emulator.Fault{Route: route, Kind: emulator.FaultStatus, Status: http.StatusBadRequest, Body: string(body), Times: 1})
}

// emuAnswer is the scripts' `emu answer PLACE FILE`: the next request to
// PLACE is done, then answered 200 with what FILE holds (a hostile answer).
func emuAnswer(ts *testscript.TestScript, em *emutest.Env, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: emu answer PLACE FILE")
	}
	route, ok := emulator.Place(args[0])
	if !ok {
		ts.Fatalf("emu answer: no route is called %q", args[0])
	}
	body, err := os.ReadFile(ts.MkAbs(args[1]))
	ts.Check(err)
	em.InjectFault(emulator.Fault{Route: route, Kind: emulator.FaultBody, Status: http.StatusOK, Body: string(body), Times: 1})
}
