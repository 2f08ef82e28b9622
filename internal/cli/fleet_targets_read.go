package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/pshcron/pshcron/internal/safefile"
)

// Reading --targets: a file, a FIFO (--targets <(...)) or stdin (-). What
// never ends must not outlive --timeout or a signal, and what is too long
// is an error, never targets silently dropped.

// The bounds of a targets file and of one of its lines.
const (
	maxTargetsFile = 8 << 20
	maxTargetsLine = 64 << 10
)

const targetsHint = "one PROJECT:ENVIRONMENT a line, or a JSON array"

// readTargets reads PROJECT[:ENVIRONMENT] lines, or a JSON array of
// {project, environment, token_env}; - is stdin. The read runs apart, so
// that a FIFO whose writer never comes, or stdin that never ends, leaves
// the run when ctx ends or timeout passes.
func (p *program) readTargets(ctx context.Context, path string, timeout time.Duration) ([]fleetTarget, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := p.readTargetsFile(path)
		done <- result{data, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			return nil, r.err
		}
		return parseTargets(path, r.data)
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, usageErr(fmt.Sprintf("--targets %s did not end within %s (--timeout)", path, shortDuration(timeout)),
				"the writer of a FIFO or of stdin must close it; or raise --timeout")
		}
		return nil, ctx.Err()
	}
}

// readTargetsFile reads all of path (- for stdin), within maxTargetsFile.
func (p *program) readTargetsFile(path string) ([]byte, error) {
	r := p.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, usageErr("cannot read --targets: "+err.Error(), targetsHint)
		}
		defer f.Close()
		r = f
	}
	if r == nil {
		r = strings.NewReader("")
	}
	data, err := safefile.ReadAll(r, maxTargetsFile)
	if err != nil && !errors.Is(err, safefile.ErrTooLarge) {
		return nil, usageErr("cannot read --targets: "+err.Error(), targetsHint)
	}
	if err != nil {
		return nil, usageErr(fmt.Sprintf("--targets %s is larger than %d MiB", path, maxTargetsFile>>20),
			"split the fleet into several files, or run it in shards (--shard K/N)")
	}
	return data, nil
}

// parseTargets reads the lines or the JSON array of a targets file. A
// leading UTF-8 byte order mark (an editor's) is not part of the first id.
func parseTargets(path string, data []byte) ([]fleetTarget, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("[")) {
		return parseTargetsJSON(path, data)
	}
	var targets []fleetTarget
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), maxTargetsLine)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		project, env, colon := strings.Cut(line, ":")
		if !colon {
			env = "main"
		}
		t := fleetTarget{Project: strings.TrimSpace(project), Environment: strings.TrimSpace(env)}
		if err := checkTarget(t); err != nil {
			return nil, atLine(path, fmt.Sprintf("line %d", n), err)
		}
		targets = append(targets, t)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("is longer than %d KiB", maxTargetsLine>>10)
		}
		return nil, usageErr(fmt.Sprintf("--targets %s line %d %v", path, n+1, err), targetsHint)
	}
	return targets, nil
}

// parseTargetsJSON reads a JSON array of targets, and checks each.
func parseTargetsJSON(path string, data []byte) ([]fleetTarget, error) {
	var targets []fleetTarget
	if err := json.Unmarshal(data, &targets); err != nil {
		return nil, usageErr("--targets is not a JSON array of targets: "+err.Error(), `for example [{"project": "abc", "environment": "main", "token_env": "TOKEN_ABC"}]`)
	}
	for i, t := range targets {
		if err := checkTarget(t); err != nil {
			return nil, atLine(path, fmt.Sprintf("target %d", i+1), err)
		}
	}
	return targets, nil
}

// atLine names where in the targets file a usage error is.
func atLine(path, where string, err error) error {
	var u *usageError
	if errors.As(err, &u) {
		return usageErr(fmt.Sprintf("--targets %s %s: %s", path, where, u.msg),
			"a line is PROJECT:ENVIRONMENT, the platform's ids (an entry of a JSON array has both)")
	}
	return err
}
