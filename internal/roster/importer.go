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
	p, created, err := ensurePlace(ctx, im.s.Org, tx, parent, kind, name)
	if err != nil {
		return nil, err
	}
	if created {
		im.rep.NewPlaces++
	}
	im.places[k] = p
	return p, nil
}

// ensurePlace is org.Store.EnsurePlace under a savepoint. When another import
// creates the same place first (two imports at once on PostgreSQL), our insert
// waits for it, then breaks the unique key; a failed statement would abort the
// batch's whole transaction, so roll back to the savepoint and look again.
func ensurePlace(ctx context.Context, o *org.Store, tx *db.Tx, parent *org.Place, kind org.Kind, name string) (*org.Place, bool, error) {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT ensure_place`); err != nil {
		return nil, false, errs.Internalf("roster: savepoint: %w", err)
	}
	p, created, err := o.EnsurePlace(ctx, tx, parent, kind, name)
	if err != nil && errs.As(err).Key == "place.duplicate" {
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT ensure_place`); err != nil {
			return nil, false, errs.Internalf("roster: rollback to savepoint: %w", err)
		}
		p, created, err = o.EnsurePlace(ctx, tx, parent, kind, name)
	}
	if err != nil && !errs.Is(err, errs.Invalid) {
		return nil, false, err // the batch fails; no point releasing
	}
	if _, rerr := tx.ExecContext(ctx, `RELEASE SAVEPOINT ensure_place`); rerr != nil {
		return nil, false, errs.Internalf("roster: release savepoint: %w", rerr)
	}
	return p, created, err
}

// building walks (and where needed builds) the path from the scope down to a
// row's building. A place it cannot make is reported against the row, in the
// column that named it.
func (im *importer) building(ctx context.Context, tx *db.Tx, rw *row) (*org.Place, *RowError, error) {
	p := im.scope
	steps := []struct {
		kind      org.Kind
		col, name string
	}{{org.Street, "street", rw.street}, {org.Neighborhood, "neighborhood", rw.hood}, {org.Grid, "grid", rw.grid}, {org.Building, "building", rw.building}}
	for _, st := range steps {
		if org.ChildKind(p.Kind) != st.kind {
			continue
		}
		next, err := im.place(ctx, tx, p, st.kind, st.name)
		if errs.Is(err, errs.Invalid) {
			fe := errs.As(err)
			return nil, &RowError{Line: rw.line, Column: st.col, Key: fe.Key, Args: fe.Args, Value: st.name}, nil
		}
		if err != nil {
			return nil, nil, err
		}
		p = next
	}
	return p, nil, nil
}

// batch writes rows in one transaction. A row that fails validation inside
// the database (a name clash, say) is reported; anything else aborts the batch.
func (im *importer) batch(ctx context.Context, tx *db.Tx, rows []row) error {
	clear(im.fresh) // households made by earlier batches are visible to other imports now
	for i := range rows {
		rw := &rows[i]
		b, rerr, err := im.building(ctx, tx, rw)
		if err != nil {
			return err
		}
		if rerr != nil {
			im.rep.fail(*rerr)
			continue
		}
		hk := householdKey{b.ID, rw.room}
		h, ok := im.households[hk]
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
		fresh := im.fresh[h.ID] // a household made in this batch has nobody else on it
		if rw.id != "" {
			e := Entry{Household: h, Name: rw.name, ID: rw.id, Phone: rw.phone, IsOwner: rw.owner}
			var inserted, changed bool
			if fresh {
				// Nobody else can see a household this transaction made, so
				// this is an insert; Upsert's own answer compares two clock
				// readings and can miss when a millisecond ticks between them.
				_, err = im.s.Upsert(ctx, tx, e)
				inserted = true
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
