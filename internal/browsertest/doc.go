// Package browsertest is linli's browser suite: it starts a real server on a
// temporary database and drives Debian's chromium through the pages as residents
// and cadres use them on a phone, checking each page with axe-core.
package browsertest
