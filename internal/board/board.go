// Package board is each neighborhood's board (版面): sections, topics with
// photos, comments with one level of replies, likes, unique readers and the
// counters that rank topics as latest, most active and hot.
package board

import (
	"math"
	"time"

	"github.com/linli-dev/linli/internal/db"
)

// SectionKind is the kind of a board section.
type SectionKind string

// The sections every neighborhood's board has, plus one per partner unit.
const (
	Hall          SectionKind = "hall"          // 议事厅
	Neighbors     SectionKind = "neighbors"     // 左邻右舍
	Announcements SectionKind = "announcements" // 公告: cadres only
	Guide         SectionKind = "guide"         // 办事指南
	UnitSection   SectionKind = "unit"          // "ask the property company", ...
)

// Categories are the topic categories residents choose from.
var Categories = []string{"environment", "parking", "safety", "pets", "greenery", "facilities", "noise", "property", "elderly", "other"}

// Channels are how a topic reached the board: online, or entered by a cadre
// or building leader for an offline resident.
var Channels = []string{"online", "door", "box", "phone", "wechat", "other"}

// Status is whether a topic or comment is shown.
type Status string

// The visibility states.
const (
	Visible Status = "visible"
	Held    Status = "held" // waiting for moderation (sensitive word, reports)
	Hidden  Status = "hidden"
	Deleted Status = "deleted"
)

// Store keeps boards.
type Store struct {
	DB  *db.DB
	Now func() time.Time
	// ListTTL is how long a board page or section list may be served from
	// this node's cache (cache.go); 0 reads the database every time.
	ListTTL time.Duration
	cache   *boardCache
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store {
	return &Store{DB: d, Now: time.Now, ListTTL: DefaultListTTL, cache: newBoardCache()}
}

// hotEpoch anchors the hot score; only differences between scores matter.
var hotEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// HotScore ranks topics by engagement decayed with age, in a form that can be
// stored and indexed: a topic ten times as engaging as another ranks level with
// one posted 12.5 hours later. (The log-plus-time form never needs rescoring:
// newer topics simply start higher.)
func HotScore(likes, comments, reads int, created time.Time) float64 {
	engagement := float64(likes) + 2*float64(comments) + float64(reads)/10
	return math.Log10(math.Max(engagement, 1)) + created.Sub(hotEpoch).Hours()/12.5
}
