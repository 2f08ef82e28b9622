package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pshcron/pshcron/emulator"
)

// step is one command of the official CLI and what must hold after it.
type step struct {
	args  []string
	check func(h *harness, out output) error
}

// output is what the command printed.
type output struct{ stdout, stderr string }

func (s step) command() string { return "upsun " + strings.Join(s.args, " ") }

// The variable variable:create makes: as the docs set the CLI's own token,
// environment-level, sensitive and not inherited; here also hidden at build.
const (
	varName  = "env:CONFORMANCE_TOKEN"
	varValue = "s3cret-value"
)

// steps are the commands a cron or a CI job runs, in an order that leaves
// each one something to find: the backup the list shows, the activity the
// log follows, the paused environment the resume wakes.
func steps(version, project string) []step {
	return []step{
		{[]string{"--version"}, contains("Upsun CLI " + version)},
		{[]string{"auth:info"}, readOnly(contains("pshcron-admin@emulator.local"))},
		{[]string{"environment:list"}, readOnly(contains("main", "staging", "feature/x"))},
		{[]string{"environment:info", "status"}, readOnly(statusIs("active", ""))},
		{[]string{"backup:create", "--yes", "--no-wait"}, backupCreated},
		{[]string{"backup:list"}, readOnly(listsBackups)},
		// As CI or an outside scheduler runs it: explicit -p and -e, on an
		// environment whose id needs escaping in a URL.
		{[]string{"backup:create", "-p", project, "-e", "feature/x", "--yes", "--no-wait"}, backupOn("feature/x")},
		{[]string{"activity:list"}, readOnly(listsNewestActivity)},
		{[]string{"activity:log"}, readOnly(loggedNewestActivity)},
		{[]string{"variable:create", "--level", "environment", "--name", varName, "--value", varValue,
			"--sensitive", "true", "--inheritable", "false", "--visible-build", "false"}, variableCreated},
		{[]string{"variable:list"}, readOnly(contains(varName, "environment"))},
		{[]string{"source-operation:list"}, readOnly(contains("update"))},
		{[]string{"redeploy", "--yes", "--no-wait"}, statusIs("active", "environment.redeploy")},
		{[]string{"environment:pause", "--yes"}, statusIs("paused", "environment.pause")},
		{[]string{"environment:info", "status"}, readOnly(statusIs("paused", ""))},
		{[]string{"environment:resume", "--yes"}, statusIs("active", "environment.resume")},
	}
}

// readOnly is check, and the command started no activity: a list or a
// read changes nothing on the platform.
func readOnly(check func(*harness, output) error) func(*harness, output) error {
	return func(h *harness, out output) error {
		if acts := h.em.Activities(h.project); len(acts) != h.before {
			return fmt.Errorf("a read started activity %s (%s)", acts[len(acts)-1].ID, acts[len(acts)-1].Type)
		}
		return check(h, out)
	}
}

func contains(words ...string) func(*harness, output) error {
	return func(_ *harness, out output) error {
		for _, w := range words {
			if !strings.Contains(out.stdout, w) {
				return fmt.Errorf("stdout lacks %q: %s", w, lastLines(out.stdout, 4))
			}
		}
		return nil
	}
}

// statusIs checks main's status in the emulator, and that the command made
// a new activity of type typ there ("" for none) which completed or will.
func statusIs(status, typ string) func(*harness, output) error {
	return func(h *harness, out output) error {
		if got := h.em.Status(h.project, "main"); got != status {
			return fmt.Errorf("main is %q in the emulator, want %q", got, status)
		}
		if typ == "" {
			if strings.TrimSpace(out.stdout) != status {
				return fmt.Errorf("the CLI says %q, the emulator %q", strings.TrimSpace(out.stdout), status)
			}
			return nil
		}
		a, err := h.newActivity(typ, "main")
		if err != nil {
			return err
		}
		// The next step must find main idle, as a cron's next run would.
		return h.waitComplete(a.ID)
	}
}

var backupCreated = backupOn("main")

// backupOn checks that the command made a backup of env: its activity and
// the backup it names.
func backupOn(env string) func(*harness, output) error {
	return func(h *harness, out output) error {
		a, err := h.newActivity("environment.backup", env)
		if err != nil {
			return err
		}
		name, _ := a.Payload["backup_name"].(string)
		for _, id := range h.em.Backups(h.project, env) {
			if id == name && !strings.Contains(out.stdout+out.stderr, "Backup name: "+name) {
				return fmt.Errorf("the CLI does not name backup %s", name)
			}
			if id == name {
				return nil
			}
		}
		return fmt.Errorf("no backup %q on %s in the emulator", name, env)
	}
}

func listsBackups(h *harness, out output) error {
	ids := h.em.Backups(h.project, "main")
	if len(ids) == 0 {
		return fmt.Errorf("no backup on main in the emulator")
	}
	return contains(ids...)(h, out)
}

// newestOnMain is main's newest activity, which activity:list shows first
// and activity:log follows.
func (h *harness) newestOnMain() (emulator.Activity, error) {
	acts := h.em.Activities(h.project)
	for i := len(acts) - 1; i >= 0; i-- {
		if acts[i].Environment == "main" {
			return acts[i], nil
		}
	}
	return emulator.Activity{}, fmt.Errorf("no activity on main in the emulator")
}

func listsNewestActivity(h *harness, out output) error {
	newest, err := h.newestOnMain()
	if err != nil {
		return err
	}
	return contains(newest.ID, newest.Type)(h, out)
}

// loggedNewestActivity: activity:log follows the newest activity to its end.
func loggedNewestActivity(h *harness, out output) error {
	newest, err := h.newestOnMain()
	if err != nil {
		return err
	}
	if !strings.Contains(out.stdout+out.stderr, newest.ID) {
		return fmt.Errorf("the log does not name activity %s", newest.ID)
	}
	if strings.TrimSpace(out.stdout) == "" {
		return fmt.Errorf("no log line of %s on stdout", newest.ID)
	}
	if newest.State != "complete" {
		return fmt.Errorf("activity:log returned while %s is %s", newest.ID, newest.State)
	}
	return nil
}

// variableCreated reads the variable back through the API: at the
// environment's level only, with the flags asked, its value kept but never
// answered.
func variableCreated(h *harness, _ output) error {
	if v, ok := h.em.Variable(h.project, "main", varName); !ok || v != varValue {
		return fmt.Errorf("main has no %s = %q in the emulator (%q, %v)", varName, varValue, v, ok)
	}
	if _, ok := h.em.Variable(h.project, "", varName); ok {
		return fmt.Errorf("%s was created at the project's level too", varName)
	}
	var v map[string]any
	if err := h.get("/projects/"+h.project+"/environments/main/variables/"+url.PathEscape(varName), &v); err != nil {
		return err
	}
	for k, want := range map[string]any{"is_sensitive": true, "is_inheritable": false, "visible_build": false, "visible_runtime": true} {
		if v[k] != want {
			return fmt.Errorf("%s has %s = %v, want %v", varName, k, v[k], want)
		}
	}
	if _, ok := v["value"]; ok {
		return fmt.Errorf("the API answers the sensitive value of %s", varName)
	}
	return nil
}

// newActivity is the activity of type typ the last step made on env.
func (h *harness) newActivity(typ, env string) (emulator.Activity, error) {
	acts := h.em.Activities(h.project)
	for i := len(acts) - 1; i >= h.before; i-- {
		if acts[i].Type == typ && acts[i].Environment == env {
			return acts[i], nil
		}
	}
	return emulator.Activity{}, fmt.Errorf("no new %s activity on %s in the emulator", typ, env)
}

// waitComplete waits for an activity to complete successfully.
func (h *harness) waitComplete(id string) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, a := range h.em.Activities(h.project) {
			if a.ID == id && a.State == "complete" {
				if a.Result != "success" {
					return fmt.Errorf("activity %s ended in %s", id, a.Result)
				}
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("activity %s did not complete", id)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// get reads the API as a client would, with an access token of its own.
func (h *harness) get(path string, v any) error {
	resp, err := http.PostForm(h.em.URL+emulator.TokenPath, url.Values{
		"grant_type": {"api_token"}, "api_token": {apiToken}, "client_id": {"pshcron-conformance"}})
	if err != nil {
		return err
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if err != nil {
		return err
	}
	req, _ := http.NewRequest("GET", h.em.URL+emulator.APIPath+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}
