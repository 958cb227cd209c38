package roster

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/linli-dev/linli/internal/account"
	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/idcard"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/pii"
)

// Progress is reported after every batch of an import.
type Progress struct {
	Processed, Total, Good, Bad int
}

// RowError names one bad row: its line in the file, the column and why. Value
// is the cell as given, masked for ID numbers and phones.
type RowError struct {
	Line   int    `json:"line"`
	Column string `json:"column"`
	Key    string `json:"key"`
	Args   []any  `json:"args,omitempty"`
	Value  string `json:"value,omitempty"`
}

// Report is what an import did.
type Report struct {
	Rows          int        `json:"rows"`
	Good          int        `json:"good"`
	Bad           int        `json:"bad"`
	NewPlaces     int        `json:"new_places"`
	NewHouseholds int        `json:"new_households"`
	NewPeople     int        `json:"new_people"`
	UpdatedPeople int        `json:"updated_people"`
	Errors        []RowError `json:"errors,omitempty"`
}

// maxReportedErrors keeps a report readable when a whole file is wrong.
const maxReportedErrors = 1000

// batchSize rows share one transaction: few enough that progress moves, many
// enough that commits are not the cost.
const batchSize = 2000

// columns maps the header names a roster may use, as headerKey folds them, to
// the column they mean.
var columns = func() map[string]string {
	names := map[string][]string{
		"street":       {"street", "街道", "街镇", "镇"},
		"neighborhood": {"neighborhood", "neighbourhood", "居民区", "小区", "村", "居委会", "村委会", "社区"},
		"grid":         {"grid", "网格", "微网格"},
		"building":     {"building", "楼栋", "楼号", "楼组", "楼"},
		"room":         {"room", "房号", "室", "门牌", "房间", "房间号", "室号"},
		"area":         {"area", "面积", "建筑面积"},
		"name":         {"name", "real_name", "姓名"},
		"id_number":    {"id_number", "身份证号", "身份证", "身份证号码"},
		"phone":        {"phone", "mobile", "手机", "电话", "手机号", "手机号码", "联系电话"},
		"relation":     {"relation", "关系", "身份", "与户主关系"},
	}
	m := map[string]string{}
	for col, ns := range names {
		for _, n := range ns {
			m[headerKey(n)] = col
		}
	}
	return m
}()

// headerKey folds a header cell for matching: case, spaces, underscores and
// hyphens do not count, nor a unit in brackets ("面积（㎡）") or the asterisk
// templates put on required columns ("*姓名").
func headerKey(h string) string {
	if i := strings.IndexAny(h, "(（"); i > 0 {
		h = h[:i]
	}
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u3000', '\t', '_', '-', '*', '＊':
			return -1
		}
		return unicode.ToLower(r)
	}, h)
}

// defaultGrid holds buildings of rosters that name no grid.
const defaultGrid = "未分网格"

type row struct {
	line                                     int
	street, hood, grid, building, room, name string
	areaCenti                                int64
	id                                       idcard.Number
	phone                                    string
	owner                                    bool
}

// Import reads a roster CSV into scope (a district, street or neighborhood):
// missing places below scope are created, households ensured, people upserted.
// Bad rows are reported by line and skipped; good rows land, in transactions
// of batchSize rows, and progress (which may be nil) hears after each. A
// cancelled ctx stops the import between batches, keeping the batches done.
// Importing the same file again changes nothing. Errors: invalid (the file as
// a whole: empty, not UTF-8, unreadable, a missing column, a bad scope),
// internal.
func (s *Store) Import(ctx context.Context, scope *org.Place, r io.Reader, progress func(Progress)) (*Report, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "roster.unreadable")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errs.Field("file", "import.empty")
	}
	sc := newCSVScanner(data)
	sc.next()
	switch sc.rec.bad {
	case "":
	case "roster.not_utf8":
		return nil, errs.Field("file", "roster.not_utf8")
	default:
		return nil, errs.Field("file", "roster.unreadable")
	}
	p, err := s.newRowParser(ctx, scope, sc.rec.fields)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	var rows []row
	for sc.next() {
		if sc.rec.bad == "" && isBlank(sc.rec.fields) {
			continue
		}
		rep.Rows++
		rw, rerr := p.parse(&sc.rec)
		if rerr != nil {
			rep.fail(*rerr)
			continue
		}
		rows = append(rows, rw)
	}
	total := rep.Rows
	im := &importer{s: s, scope: scope, rep: rep, places: map[placeKey]*org.Place{}, households: map[householdKey]*org.Household{},
		touched: map[int64]bool{}, fresh: map[int64]bool{}}
	// A batch once begun runs to its end, and the households that landed are
	// counted even when the import stops early: cancelling stops between batches.
	bg := context.WithoutCancel(ctx)
	var stopped error
	for start := 0; start < len(rows) && stopped == nil; start += batchSize {
		if stopped = ctx.Err(); stopped != nil {
			break
		}
		end := min(start+batchSize, len(rows))
		before := *rep
		if stopped = s.DB.Tx(bg, func(tx *db.Tx) error { return im.batch(bg, tx, rows[start:end]) }); stopped != nil {
			*rep = before // the batch rolled back; report what landed
		}
		if progress != nil && stopped == nil {
			progress(Progress{Processed: rep.Bad + rep.Good, Total: total, Good: rep.Good, Bad: rep.Bad})
		}
	}
	for id := range im.touched {
		if err := s.Org.RecountHouseholds(bg, s.DB, id); err != nil {
			return rep, errors.Join(stopped, err)
		}
	}
	if stopped != nil {
		return rep, stopped
	}
	if progress != nil {
		progress(Progress{Processed: total, Total: total, Good: rep.Good, Bad: rep.Bad})
	}
	return rep, nil
}

func (rep *Report) fail(e RowError) {
	rep.Bad++
	if len(rep.Errors) < maxReportedErrors {
		rep.Errors = append(rep.Errors, e)
	}
}

func isBlank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// headerIndex maps each known column to its position and checks that the
// columns the scope needs are all there. Name and ID number come as a pair: a
// roster may list households only, but a name with no ID number cannot be
// matched at verification.
func headerIndex(header []string, scope org.Kind) (map[string]int, error) {
	index := map[string]int{}
	for i, h := range header {
		if col, ok := columns[headerKey(h)]; ok {
			if _, dup := index[col]; !dup {
				index[col] = i
			}
		}
	}
	required := []string{"building", "room", "area"}
	switch scope {
	case org.District:
		required = append(required, "street", "neighborhood")
	case org.Street:
		required = append(required, "neighborhood")
	case org.Neighborhood:
	default:
		return nil, errs.Field("file", "roster.bad_scope")
	}
	_, hasName := index["name"]
	_, hasID := index["id_number"]
	if hasName || hasID {
		required = append(required, "name", "id_number")
	}
	for _, c := range required {
		if _, ok := index[c]; !ok {
			return nil, errs.Field("file", "roster.missing_column", c)
		}
	}
	return index, nil
}

// rowParser validates records against the header and the scope, and
// remembers each household and person it has passed, so that a file
// contradicting itself is caught before anything is written.
type rowParser struct {
	index map[string]int
	width int
	scope org.Kind
	// fixed holds, for columns naming the scope or a place above it, the
	// one name a row may give there (it may also leave the cell blank).
	fixed      map[string]string
	households map[string]seenHousehold
	people     map[string]int // household key + ID number -> first line
}

type seenHousehold struct {
	line int
	area int64
}

func (s *Store) newRowParser(ctx context.Context, scope *org.Place, header []string) (*rowParser, error) {
	index, err := headerIndex(header, scope.Kind)
	if err != nil {
		return nil, err
	}
	p := &rowParser{index: index, width: len(header), scope: scope.Kind, fixed: map[string]string{},
		households: map[string]seenHousehold{}, people: map[string]int{}}
	switch scope.Kind {
	case org.Street:
		p.fixed["street"] = scope.Name
	case org.Neighborhood:
		p.fixed["neighborhood"] = scope.Name
		if _, ok := index["street"]; ok {
			above, err := s.Org.Ancestors(ctx, scope)
			if err != nil {
				return nil, err
			}
			for _, a := range above {
				if a.Kind == org.Street {
					p.fixed["street"] = a.Name
				}
			}
		}
	}
	return p, nil
}

func (p *rowParser) cell(rec []string, col string) string {
	if i, ok := p.index[col]; ok {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// placeColumns are the place columns from the top down, with the longest name
// each may hold (org.CheckName's limits for places and rooms).
var placeColumns = []struct {
	col      string
	maxRunes int
}{{"street", 40}, {"neighborhood", 40}, {"grid", 40}, {"building", 40}, {"room", 20}}

// below reports whether a place column names a place below a scope of kind k.
func below(k org.Kind, col string) bool {
	switch col {
	case "street":
		return k == org.District
	case "neighborhood":
		return k == org.District || k == org.Street
	}
	return true
}

// parse validates one record; the first problem found is reported.
func (p *rowParser) parse(rec *csvRecord) (row, *RowError) {
	line := rec.line
	bad := func(col, key string, value string, args ...any) (row, *RowError) {
		return row{}, &RowError{Line: line, Column: col, Key: key, Args: args, Value: value}
	}
	if rec.bad != "" {
		return bad("", rec.bad, "")
	}
	if len(rec.fields) != p.width {
		return bad("", "roster.bad_row", "", len(rec.fields), p.width)
	}
	f := rec.fields
	rw := row{line: line}
	dst := []*string{&rw.street, &rw.hood, &rw.grid, &rw.building, &rw.room}
	for i, pc := range placeColumns {
		v := p.cell(f, pc.col)
		if want, fixed := p.fixed[pc.col]; fixed {
			if v != "" && v != want {
				return bad(pc.col, "roster.outside_scope", v, v, want)
			}
			continue
		}
		if !below(p.scope, pc.col) {
			continue
		}
		if pc.col == "room" {
			v = org.NormalizeRoom(v)
		}
		switch {
		case v == "" && pc.col == "grid":
			v = defaultGrid
		case v == "":
			return bad(pc.col, "error.required", "")
		case utf8.RuneCountInString(v) > pc.maxRunes:
			return bad(pc.col, "error.too_long", v, pc.maxRunes)
		}
		*dst[i] = v
	}
	rawArea := p.cell(f, "area")
	area, err := org.ParseArea("area", rawArea)
	if err != nil {
		return bad("area", "household.bad_area", rawArea)
	}
	rw.areaCenti = area
	hk := rw.street + "\x00" + rw.hood + "\x00" + rw.grid + "\x00" + rw.building + "\x00" + rw.room
	first, seen := p.households[hk]
	if seen && first.area != area {
		return bad("area", "roster.area_conflict", rawArea, first.line, org.FormatArea(first.area))
	}
	if rerr := p.person(f, &rw); rerr != nil {
		return row{}, rerr
	}
	if rw.id != "" {
		pk := hk + "\x00" + string(rw.id)
		if firstLine, dup := p.people[pk]; dup {
			return bad("id_number", "roster.duplicate_person", rw.id.Masked(), firstLine)
		}
		p.people[pk] = line
	}
	if !seen {
		p.households[hk] = seenHousehold{line, area}
	}
	return rw, nil
}

// person reads the person columns; a row with neither name nor ID number is a
// household with nobody listed yet.
func (p *rowParser) person(f []string, rw *row) *RowError {
	bad := func(col, key string, value string, args ...any) *RowError {
		return &RowError{Line: rw.line, Column: col, Key: key, Args: args, Value: value}
	}
	rw.name = p.cell(f, "name")
	rawID := p.cell(f, "id_number")
	switch {
	case rw.name == "" && rawID == "":
		return nil
	case rw.name == "":
		return bad("name", "error.required", "")
	case rawID == "":
		return bad("id_number", "error.required", "")
	case utf8.RuneCountInString(rw.name) > 30:
		return bad("name", "error.too_long", pii.MaskName(rw.name), 30)
	}
	var err error
	if rw.id, err = idcard.Parse(rawID); err != nil {
		return bad("id_number", idKey(err), maskRaw(rawID))
	}
	if raw := p.cell(f, "phone"); raw != "" {
		if rw.phone, err = account.NormalizePhone(raw); err != nil {
			return bad("phone", "phone.invalid", maskRaw(raw))
		}
	}
	switch strings.ToLower(p.cell(f, "relation")) {
	case "业主", "owner", "产权人", "户主":
		rw.owner = true
	case "", "居民", "住户", "租户", "家属", "resident", "tenant", "family":
	default:
		return bad("relation", "roster.bad_relation", p.cell(f, "relation"))
	}
	return nil
}

func idKey(err error) string {
	switch {
	case errors.Is(err, idcard.ErrLength):
		return "idcard.length"
	case errors.Is(err, idcard.ErrBirthDate):
		return "idcard.birth_date"
	case errors.Is(err, idcard.ErrCheckDigit):
		return "idcard.check_digit"
	}
	return "idcard.characters"
}

// maskRaw hides all but the ends of a bad ID number or phone, so the report
// (which admins share) never carries them in the clear.
func maskRaw(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:2]) + strings.Repeat("*", len(r)-4) + string(r[len(r)-2:])
}
