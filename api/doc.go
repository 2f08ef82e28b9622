// Package api is the client of the platform's REST API: one file per
// resource (environments, activities and their log stream, backups,
// variables, certificates, deployments, users, source operations), as
// go-github lays out its services.
//
// client.go is the one place a path is built and an id checked (an
// IDError before anything is sent), requests are sent and answers decoded;
// errors.go holds what a request can end in. Every read returns, beside
// what it read, a Response with the platform's clock at the answer, so that
// ages and "is this activity this run's" are judged on the platform's time.
//
// A write is sent once. Sending an action exactly once after a lost
// answer, the guard, the lock and the pipeline are package tasks', which
// builds on this one; this package imports neither tasks nor the command
// layer, and names no flag.
package api
