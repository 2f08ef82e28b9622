// Package cronspec reads the platform's cron specs ("H 3 * * *") so that a
// caller can tell when a cron is late: the next start after a time, the
// longest gap between two starts, and a short reading for a table. It is a
// pure function of the spec and the times it is given (standard library
// only); the verdicts live in tasks.
//
// The syntax is the 5-field cron expression the platform's docs link to:
// minute, hour, day of month, month, day of week; *, values, ranges a-b,
// lists, steps */n and a-b/n; names jan..dec and sun..sat; 0 and 7 are both
// Sunday. When both day fields are restricted a day matches either (the
// classic cron rule; as in Vixie cron a field written "*/n" counts as
// unrestricted for that rule).
//
// The platform adds Jenkins's H ("hash"): H, H(a-b), H/n and H(a-b)/n stand
// for one value per cron the platform picks by hashing, which is fixed but
// which we cannot know. Bare H in the day of month ranges over 1-28, as in
// Jenkins, so it never names a day a month lacks. Next takes each H as the
// lowest value of its range (H/n as */n); MaxGap holds for every value (see
// there). The @hourly, @daily, @midnight, @weekly, @monthly, @yearly and
// @annually shorthands are taken as Jenkins takes them (H * * * *, H H * * *,
// ...): with the lowest values that is also classic cron's reading, and the
// platform's docs name neither.
//
// What the docs say about timing (FACTS.md, "Crons, hooks and the
// container"): a cron starts after a random offset of up to 20 minutes or its
// period, whichever is smaller (MaxOffset); starts are at least 5 minutes
// apart on Upsun and on Platform.sh's Professional plans, 1 minute on Elite
// and Enterprise (MinInterval), so Parse takes "* * * * *" and the caller
// decides; one cron runs at a time per container and crons queue behind
// backups, so a start can be later still. Specs are read in the app's
// timezone property (UTC by default): callers pass times in that location.
//
// Daylight saving time: a wall-clock minute the clocks skip starts at the
// change; a minute they repeat starts once, at its first occurrence. A gap
// across a backward change is thus an hour longer; one across a forward
// change is shorter.
package cronspec
