package roster

import "unicode/utf8"

// maxCellLines bounds how many line breaks one quoted cell may hold. Excel
// writes a cell with Alt+Enter line breaks as a quoted multi-line cell, but a
// roster cell never needs many; past this, an opening quote is taken to be
// unpaired, so one stray quote costs its own line, not the rest of the file.
const maxCellLines = 10

// csvRecord is one record of a roster file.
type csvRecord struct {
	line   int      // the physical line it starts on, 1-based
	fields []string // valid until the next call to next
	bad    string   // a catalog key when the record cannot be read
}

// csvScanner splits a CSV file (RFC 4180, as Excel and WPS write it) into
// records. encoding/csv would do, except that after an unpaired quote it reads
// on to the end of the file and reports one error for everything after it;
// an admin needs that line reported and the lines after it imported. It also
// checks each record's bytes are UTF-8, so a file pasted together from a GBK
// export and a UTF-8 one fails on its GBK lines only.
type csvScanner struct {
	data []byte
	pos  int
	line int
	rec  csvRecord
}

func newCSVScanner(data []byte) *csvScanner { return &csvScanner{data: data, line: 1} }

// next reads the next record into s.rec, skipping blank lines; it reports
// false at the end of the data.
func (s *csvScanner) next() bool {
	d := s.data
	for s.pos < len(d) && (d[s.pos] == '\n' || d[s.pos] == '\r' && s.pos+1 < len(d) && d[s.pos+1] == '\n') {
		if d[s.pos] == '\r' {
			s.pos++
		}
		s.pos++
		s.line++
	}
	if s.pos >= len(d) {
		return false
	}
	start, i, breaks := s.pos, s.pos, 0
	s.rec = csvRecord{line: s.line, fields: s.rec.fields[:0]}
	for {
		j := i
		for j < len(d) && (d[j] == ' ' || d[j] == '\t') {
			j++
		}
		if j < len(d) && d[j] == '"' {
			f, end, n, ok := quotedField(d, j+1)
			if !ok {
				return s.skipBadRecord(start)
			}
			s.rec.fields = append(s.rec.fields, f)
			i, breaks = end, breaks+n
		} else {
			k := i
			for k < len(d) && d[k] != ',' && d[k] != '\n' {
				if d[k] == '"' {
					return s.skipBadRecord(start) // a bare quote
				}
				k++
			}
			f := d[i:k]
			if len(f) > 0 && f[len(f)-1] == '\r' && (k == len(d) || d[k] == '\n') {
				f = f[:len(f)-1]
			}
			s.rec.fields = append(s.rec.fields, string(f))
			i = k
		}
		if i < len(d) && d[i] == ',' {
			i++
			continue
		}
		if i+1 < len(d) && d[i] == '\r' && d[i+1] == '\n' {
			i++
		}
		if i < len(d) && d[i] != '\n' {
			return s.skipBadRecord(start) // text after a closing quote
		}
		break
	}
	if !utf8.Valid(d[start:i]) {
		s.rec.fields, s.rec.bad = nil, "roster.not_utf8"
	}
	s.pos = min(i+1, len(d))
	s.line += 1 + breaks
	return true
}

// skipBadRecord reports the record starting at start as unreadable and goes
// on from the line after its first.
func (s *csvScanner) skipBadRecord(start int) bool {
	s.rec.fields, s.rec.bad = nil, "roster.bad_csv"
	i := start
	for i < len(s.data) && s.data[i] != '\n' {
		i++
	}
	s.pos = min(i+1, len(s.data))
	s.line++
	return true
}

// quotedField reads a quoted cell whose text begins at d[i], undoubling "".
// It returns the cell, the index after the closing quote, how many line
// breaks the cell held, and false when the quote is never closed within
// maxCellLines.
func quotedField(d []byte, i int) (string, int, int, bool) {
	var b []byte
	seg, breaks := i, 0
	for k := i; k < len(d); k++ {
		switch d[k] {
		case '\n':
			if breaks++; breaks > maxCellLines {
				return "", 0, 0, false
			}
		case '"':
			if k+1 < len(d) && d[k+1] == '"' {
				b = append(b, d[seg:k+1]...)
				k++
				seg = k + 1
				continue
			}
			if b == nil {
				return string(d[seg:k]), k + 1, breaks, true
			}
			return string(append(b, d[seg:k]...)), k + 1, breaks, true
		}
	}
	return "", 0, 0, false
}
