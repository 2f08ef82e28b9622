// Package contract checks HTTP exchanges against the platform's OpenAPI
// specs: requests strictly, responses with additionalProperties relaxed,
// since the spec's response schemas forbid fields (id, _links, _embedded)
// that every real answer carries. Only tests and tools/conformance use it,
// on what a client sends the emulator; the binary never links it.
package contract
