// Package envdetect reads the PLATFORM_* variables of a Platform.sh or Upsun
// container through an injected getenv, so tests build environments from maps.
// It decodes the base64 JSON variables only when asked, and a malformed value is
// an error naming the variable, never a panic or a silent empty value.
package envdetect
