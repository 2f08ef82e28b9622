package tokenauth

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// parseExpiresIn reads expires_in as a number or a numeric string.
func parseExpiresIn(raw json.RawMessage) time.Duration {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || f > 366*24*3600 {
		return 0
	}
	return time.Duration(f * float64(time.Second))
}

// jwtLifetime reads the exp claim of a JWT access token, when the token
// endpoint gave no expires_in. The signature is not checked: the value only
// decides when to exchange again.
func jwtLifetime(token string, now time.Time) time.Duration {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return 0
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return 0
	}
	var claims struct {
		Exp json.Number `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return 0
	}
	exp, err := claims.Exp.Int64()
	if err != nil {
		return 0
	}
	return time.Unix(exp, 0).Sub(now)
}
