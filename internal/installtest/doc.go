// Package installtest runs the real install.sh with real shells (dash and
// bash) against release archives built by scripts/dist.sh and served on
// loopback, in a directory laid out like a build hook. It has only tests.
package installtest
