// Package healthpage renders `pshcron health --format html`: one
// self-contained HTML page, a row per environment and a column per concern,
// the worst first, each verdict a word and a symbol as well as a colour.
//
// The page fetches nothing (inline CSS, no script, no image, no link; a
// Content-Security-Policy meta forbids every fetch), so it opens the same
// from a CI artifact, a mail attachment or a local file. Every string in a
// [Page] comes from the network: it is escaped for a terminal's sake by
// termsafe and for HTML's by the template's html function, which every value
// the template writes passes through last (TestEveryOutputIsEscaped).
//
// It stops there: the health command gathers the verdicts and words the
// summaries; this package only lays them out.
package healthpage
