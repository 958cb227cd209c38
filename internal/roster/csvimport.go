package roster

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strings"
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

// columns maps the names a roster's header may use to the column they mean.
var columns = map[string]string{
	"street": "street", "街道": "street", "街镇": "street", "镇": "street",
	"neighborhood": "neighborhood", "居民区": "neighborhood", "小区": "neighborhood", "村": "neighborhood", "居委会": "neighborhood", "社区": "neighborhood",
	"grid": "grid", "网格": "grid", "微网格": "grid",
	"building": "building", "楼栋": "building", "楼号": "building", "楼组": "building", "楼": "building",
	"room": "room", "房号": "room", "室": "room", "门牌": "room", "房间": "room",
	"area": "area", "面积": "area", "建筑面积": "area", "面积(㎡)": "area", "面积（㎡）": "area",
	"name": "name", "姓名": "name", "real_name": "name",
	"id_number": "id_number", "身份证号": "id_number", "身份证": "id_number", "身份证号码": "id_number",
	"phone": "phone", "手机": "phone", "电话": "phone", "手机号": "phone", "手机号码": "phone",
	"relation": "relation", "关系": "relation", "身份": "relation", "与户主关系": "relation",
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
// Bad rows are reported by line and skipped; good rows land. Importing the same
// file again changes nothing. Errors: invalid (the file as a whole).
func (s *Store) Import(ctx context.Context, scope *org.Place, r io.Reader, progress func(Progress)) (*Report, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "roster.unreadable")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errs.Field("file", "import.empty")
	}
	if !utf8.Valid(data) {
		return nil, errs.Field("file", "roster.not_utf8")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "roster.unreadable")
	}
	index, err := headerIndex(header, scope.Kind)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	var rows []row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var perr *csv.ParseError
			if errors.As(err, &perr) {
				rep.fail(RowError{Line: perr.Line, Key: "roster.bad_csv"})
				continue
			}
			return nil, errs.Wrap(err, errs.Invalid, "roster.unreadable")
		}
		if isBlank(rec) {
			continue
		}
		rep.Rows++
		if len(rec) != len(header) {
			rep.fail(RowError{Line: line, Key: "roster.bad_row", Args: []any{len(rec), len(header)}})
			continue
		}
		rw, rerr := parseRow(rec, index, line, scope.Kind)
		if rerr != nil {
			rep.fail(*rerr)
			continue
		}
		rows = append(rows, rw)
	}
	total := rep.Rows
	im := &importer{s: s, scope: scope, rep: rep, places: map[placeKey]*org.Place{}, households: map[householdKey]*org.Household{},
		touched: map[int64]bool{}, fresh: map[int64]bool{}}
	for start := 0; start < len(rows); start += batchSize {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		end := min(start+batchSize, len(rows))
		if err := s.DB.Tx(ctx, func(tx *db.Tx) error { return im.batch(ctx, tx, rows[start:end]) }); err != nil {
			return rep, err
		}
		if progress != nil {
			progress(Progress{Processed: rep.Bad + rep.Good, Total: total, Good: rep.Good, Bad: rep.Bad})
		}
	}
	for id := range im.touched {
		if err := s.Org.RecountHouseholds(ctx, s.DB, id); err != nil {
			return rep, err
		}
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
// columns the scope needs are all there.
func headerIndex(header []string, scope org.Kind) (map[string]int, error) {
	index := map[string]int{}
	for i, h := range header {
		key := strings.ToLower(strings.Join(strings.Fields(h), ""))
		if col, ok := columns[key]; ok {
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
	for _, c := range required {
		if _, ok := index[c]; !ok {
			return nil, errs.Field("file", "roster.missing_column", c)
		}
	}
	return index, nil
}

func cell(rec []string, index map[string]int, col string) string {
	if i, ok := index[col]; ok {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// parseRow validates one record; the first problem found is reported.
func parseRow(rec []string, index map[string]int, line int, scope org.Kind) (row, *RowError) {
	rw := row{line: line}
	bad := func(col, key string, value string, args ...any) (row, *RowError) {
		return row{}, &RowError{Line: line, Column: col, Key: key, Args: args, Value: value}
	}
	need := map[string]*string{"building": &rw.building, "room": &rw.room}
	if scope == org.District {
		need["street"] = &rw.street
	}
	if scope == org.District || scope == org.Street {
		need["neighborhood"] = &rw.hood
	}
	for col, dst := range need {
		*dst = cell(rec, index, col)
		if *dst == "" {
			return bad(col, "error.required", "")
		}
		if utf8.RuneCountInString(*dst) > 40 {
			return bad(col, "error.too_long", *dst, 40)
		}
	}
	rw.grid = cell(rec, index, "grid")
	if rw.grid == "" {
		rw.grid = defaultGrid
	}
	rw.room = org.NormalizeRoom(rw.room)
	area, err := org.ParseArea("area", cell(rec, index, "area"))
	if err != nil {
		return bad("area", "household.bad_area", cell(rec, index, "area"))
	}
	rw.areaCenti = area
	rw.name = cell(rec, index, "name")
	rawID := cell(rec, index, "id_number")
	if rw.name == "" && rawID == "" {
		return rw, nil // a household with nobody listed yet
	}
	if rw.name == "" {
		return bad("name", "error.required", "")
	}
	if utf8.RuneCountInString(rw.name) > 30 {
		return bad("name", "error.too_long", pii.MaskName(rw.name), 30)
	}
	if rw.id, err = idcard.Parse(rawID); err != nil {
		return bad("id_number", idKey(err), maskRaw(rawID))
	}
	if raw := cell(rec, index, "phone"); raw != "" {
		if rw.phone, err = account.NormalizePhone(raw); err != nil {
			return bad("phone", "phone.invalid", maskRaw(raw))
		}
	}
	switch strings.ToLower(cell(rec, index, "relation")) {
	case "业主", "owner", "产权人", "户主":
		rw.owner = true
	case "", "居民", "住户", "租户", "家属", "resident", "tenant", "family":
	default:
		return bad("relation", "roster.bad_relation", cell(rec, index, "relation"))
	}
	return rw, nil
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
