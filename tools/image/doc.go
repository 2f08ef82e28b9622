// Command image is `make image`: it builds pshcron's container image without
// a container engine, an OCI image layout packed as one tar, from the static
// binary; `docker load`, `podman load` or `skopeo copy oci-archive:...` take
// the result.
//
// The image holds the binary, a non-root user, the CA certificates and
// /tmp; its labels carry the version. The same inputs give the same bytes
// (fixed times, owners and order; gzip without a name or time), so the image
// is reproducible like the release archives.
package main
