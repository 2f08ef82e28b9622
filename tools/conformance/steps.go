package main

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// step is one command of the official CLI, or of pshcron when pshcron is
// set, and what must hold after it.
type step struct {
	args    []string
	check   func(h *harness, out output) error
	pshcron bool
}

// output is what the command printed.
type output struct{ stdout, stderr string }

func (s step) command() string {
	if s.pshcron {
		return "pshcron " + strings.Join(s.args, " ")
	}
	return "upsun " + strings.Join(s.args, " ")
}

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
		{[]string{"--version"}, contains("Upsun CLI " + version), false},
		{[]string{"auth:info"}, readOnly(contains("pshcron-admin@emulator.local")), false},
		{[]string{"environment:list"}, readOnly(contains("main", "staging", "feature/x")), false},
		{[]string{"environment:info", "status"}, readOnly(statusIs("active", "")), false},
		{[]string{"backup:create", "--yes", "--no-wait"}, backupCreated, false},
		{[]string{"backup:list"}, readOnly(listsBackups), false},
		// As CI or an outside scheduler runs it: explicit -p and -e, on an
		// environment whose id needs escaping in a URL.
		{[]string{"backup:create", "-p", project, "-e", "feature/x", "--yes", "--no-wait"}, backupOn("feature/x"), false},
		{[]string{"activity:list"}, readOnly(listsNewestActivity), false},
		{[]string{"activity:log"}, readOnly(loggedNewestActivity), false},
		cronStep,
		{[]string{"variable:create", "--level", "environment", "--name", varName, "--value", varValue,
			"--sensitive", "true", "--inheritable", "false", "--visible-build", "false"}, variableCreated, false},
		{[]string{"variable:list"}, readOnly(contains(varName, "environment")), false},
		{[]string{"source-operation:list"}, readOnly(contains("update")), false},
		{[]string{"redeploy", "--yes", "--no-wait"}, statusIs("active", "environment.redeploy"), false},
		{[]string{"environment:pause", "--yes"}, statusIs("paused", "environment.pause"), false},
		{[]string{"environment:info", "status"}, readOnly(statusIs("paused", "")), false},
		{[]string{"environment:resume", "--yes"}, statusIs("active", "environment.resume"), false},
	}
}

// crossSteps have pshcron read what the official CLI wrote, and the CLI
// what pshcron wrote: where they disagree about the emulator, the official
// client's code says which one the platform would prove right.
func crossSteps() []step {
	return []step{
		{[]string{"backup:list"}, readOnly(listsBackups), true},
		{[]string{"variable:get", "-l", "e", varName}, readOnly(matches(`(?m)^is_sensitive +true$`, `(?m)^is_inheritable +false$`)), true},
		{[]string{"variable:create", "-l", "project", "--name", "env:FROM_PSHCRON", "--value", "from-pshcron"}, nil, true},
		{[]string{"variable:list"}, readOnly(matches(`(?m)^\| env:FROM_PSHCRON +\| project +\| from-pshcron`)), false},
		{[]string{"backup:create", "--yes", "--no-wait"}, backupMade("main"), true},
		{[]string{"backup:list"}, readOnly(listsBackups), false},
	}
}

func matches(patterns ...string) func(*harness, output) error {
	return func(_ *harness, out output) error {
		for _, p := range patterns {
			if !regexp.MustCompile(p).MatchString(out.stdout) {
				return fmt.Errorf("stdout does not match %s: %s", p, lastLines(out.stdout, 6))
			}
		}
		return nil
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

// backupOn checks that the official CLI made a backup of env and names it.
func backupOn(env string) func(*harness, output) error {
	made := backupMade(env)
	return func(h *harness, out output) error {
		if err := made(h, out); err != nil {
			return err
		}
		a, _ := h.newActivity("environment.backup", env)
		if name := a.Payload["backup_name"]; !strings.Contains(out.stdout+out.stderr, fmt.Sprint("Backup name: ", name)) {
			return fmt.Errorf("the CLI does not name backup %v", name)
		}
		return nil
	}
}

// backupMade checks that the command made a backup of env: its activity
// and the backup the activity names.
func backupMade(env string) func(*harness, output) error {
	return func(h *harness, _ output) error {
		a, err := h.newActivity("environment.backup", env)
		if err != nil {
			return err
		}
		name, _ := a.Payload["backup_name"].(string)
		for _, id := range h.em.Backups(h.project, env) {
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
