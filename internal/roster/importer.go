package roster

import (
	"context"

	"github.com/linli-dev/linli/internal/db"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/org"
)

type placeKey struct {
	parent int64
	kind   org.Kind
	name   string
}

type householdKey struct {
	building int64
	room     string
}

// importer resolves each place and household once per run: a roster names
// the same building on hundreds of rows.
type importer struct {
	s          *Store
	scope      *org.Place
	rep        *Report
	places     map[placeKey]*org.Place
	households map[householdKey]*org.Household
	touched    map[int64]bool
	fresh      map[int64]bool
}

func (im *importer) place(ctx context.Context, tx *db.Tx, parent *org.Place, kind org.Kind, name string) (*org.Place, error) {
	k := placeKey{parent.ID, kind, name}
	if p, ok := im.places[k]; ok {
		return p, nil
	}
	p, created, err := im.s.Org.EnsurePlace(ctx, tx, parent, kind, name)
	if err != nil {
		return nil, err
	}
	if created {
		im.rep.NewPlaces++
	}
	im.places[k] = p
	return p, nil
}

// building walks (and where needed builds) the path from the scope down to a
// row's building.
func (im *importer) building(ctx context.Context, tx *db.Tx, rw *row) (*org.Place, error) {
	p := im.scope
	var err error
	steps := []struct {
		kind org.Kind
		name string
	}{{org.Street, rw.street}, {org.Neighborhood, rw.hood}, {org.Grid, rw.grid}, {org.Building, rw.building}}
	for _, st := range steps {
		if org.ChildKind(p.Kind) != st.kind {
			continue
		}
		if p, err = im.place(ctx, tx, p, st.kind, st.name); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// batch writes rows in one transaction. A row that fails validation inside
// the database (a name clash, say) is reported; anything else aborts the batch.
func (im *importer) batch(ctx context.Context, tx *db.Tx, rows []row) error {
	for i := range rows {
		rw := &rows[i]
		b, err := im.building(ctx, tx, rw)
		if err != nil {
			if fe := errs.As(err); fe.Code == errs.Invalid {
				im.rep.fail(RowError{Line: rw.line, Column: "building", Key: fe.Key, Args: fe.Args})
				continue
			}
			return err
		}
		hk := householdKey{b.ID, rw.room}
		h, ok := im.households[hk]
		fresh := false // a household made in this run has nobody on it yet
		if !ok || h.AreaCenti != rw.areaCenti {
			var created bool
			if h, created, err = im.s.Org.EnsureHousehold(ctx, tx, b, rw.room, rw.areaCenti); err != nil {
				if fe := errs.As(err); fe.Code == errs.Invalid {
					im.rep.fail(RowError{Line: rw.line, Column: "room", Key: fe.Key, Args: fe.Args, Value: rw.room})
					continue
				}
				return err
			}
			if created {
				im.rep.NewHouseholds++
				im.fresh[h.ID] = true
			}
			im.households[hk] = h
			im.touched[h.NeighborhoodID] = true
		}
		fresh = im.fresh[h.ID]
		if rw.id != "" {
			e := Entry{Household: h, Name: rw.name, ID: rw.id, Phone: rw.phone, IsOwner: rw.owner}
			var inserted, changed bool
			if fresh {
				inserted, err = im.s.Upsert(ctx, tx, e)
			} else {
				inserted, changed, err = im.s.upsertIfChanged(ctx, tx, e)
			}
			if err != nil {
				return err
			}
			switch {
			case inserted:
				im.rep.NewPeople++
			case changed:
				im.rep.UpdatedPeople++
			}
		}
		im.rep.Good++
	}
	return nil
}
