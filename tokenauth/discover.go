package tokenauth

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/pshcron/pshcron/internal/safefile"
)

// TokenVars returns the variables an API token is read from, in order.
func TokenVars() []string { return []string{"PLATFORMSH_CLI_TOKEN", "UPSUN_CLI_TOKEN"} }

// maxTokenFile bounds what is read from a token file.
const maxTokenFile = 64 << 10

// Discover finds the API token: the first of TokenVars that is set, else the
// file tokenFile names. Surrounding whitespace (a pasted newline) is trimmed.
// It returns the token and where it came from, for messages.
func Discover(getenv func(string) string, tokenFile string) (token, from string, err error) {
	for _, name := range TokenVars() {
		v := getenv(name)
		if v == "" {
			continue
		}
		if t := strings.TrimSpace(v); t != "" {
			return t, name, nil
		}
		return "", name, &Error{Kind: KindNoToken, From: name, Msg: name + " is set but empty"}
	}
	if tokenFile == "" {
		return "", "", &Error{Kind: KindNoToken, Msg: "no API token: neither " + strings.Join(TokenVars(), " nor ") + " is set"}
	}
	b, err := safefile.ReadFile(tokenFile, maxTokenFile)
	if errors.Is(err, safefile.ErrTooLarge) {
		return "", tokenFile, &Error{Kind: KindNoToken, From: tokenFile, Msg: fmt.Sprintf("the token file %s is too large to hold a token", tokenFile)}
	}
	if err != nil {
		return "", tokenFile, &Error{Kind: KindNoToken, From: tokenFile, Msg: "cannot read the token file", Err: unwrapPath(err)}
	}
	t := strings.TrimSpace(string(b))
	if t == "" || strings.ContainsAny(t, " \t\r\n") {
		return "", tokenFile, &Error{Kind: KindNoToken, From: tokenFile, Msg: fmt.Sprintf("the token file %s does not hold one token", tokenFile),
			hint: "put only the API token in the file"}
	}
	return t, tokenFile, nil
}

// unwrapPath keeps the file name and reason of a PathError, and nothing read.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Path, pe.Err)
	}
	return err
}
