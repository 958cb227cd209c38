package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/linli-dev/linli/internal/audit"
	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/i18n"
	"github.com/linli-dev/linli/internal/open311"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/service"
)

// open311KeyCmd is `linli open311-key`: operators make, list and revoke the
// api_keys partner systems use to file cases through Open311.
type open311KeyCmd struct {
	name     string
	district int64
	by       string
	list     bool
	revoke   int64
}

func (k *open311KeyCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&k.name, "name", "", "the partner's name, e.g. \"12345 hotline\" (one live key per name and district)")
	fs.Int64Var(&k.district, "district", 0, "the district (place id) the key files cases in; may be left out when there is one")
	fs.StringVar(&k.by, "by", "", "phone of the administrator making the key, for the audit log")
	fs.BoolVar(&k.list, "list", false, "list keys (of -district, or all) instead of making one")
	fs.Int64Var(&k.revoke, "revoke", 0, "revoke the key with this id instead of making one")
}

func (k *open311KeyCmd) run(ctx context.Context, cfg *Config, stdout io.Writer) error {
	d, pkeys, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	svc := service.New(d, pkeys)
	keys := open311.NewKeys(d)
	var actor int64
	if k.by != "" {
		if actor, err = svc.Accounts.UserIDByPhone(ctx, k.by); err != nil {
			return fmt.Errorf("-by %s: %s", k.by, describe(err))
		}
	}
	switch {
	case k.list:
		return k.printList(ctx, keys, stdout)
	case k.revoke != 0:
		key, err := keys.Revoke(ctx, k.revoke)
		if err != nil {
			return errors.New(describe(err))
		}
		_ = svc.Audit.Record(ctx, audit.Entry{ActorID: actor, Action: "open311.key_revoked", ObjectType: "open311_key",
			ObjectID: key.ID, DistrictID: key.DistrictID, Detail: key.Name})
		fmt.Fprintf(stdout, "revoked key %d (%s)\n", key.ID, key.Name)
		return nil
	}
	if k.name == "" {
		return errors.New("give -name PARTNER (or -list, or -revoke ID)")
	}
	if k.district == 0 {
		roots, err := svc.Org.Children(ctx, 0)
		if err != nil {
			return err
		}
		var districts []*org.Place
		for _, p := range roots {
			if p.Kind == org.District {
				districts = append(districts, p)
			}
		}
		if len(districts) != 1 {
			return fmt.Errorf("there are %d districts: give -district ID", len(districts))
		}
		k.district = districts[0].ID
	}
	plain, key, err := keys.Create(ctx, k.district, k.name, actor)
	if err != nil {
		return errors.New(describe(err))
	}
	_ = svc.Audit.Record(ctx, audit.Entry{ActorID: actor, Action: "open311.key_created", ObjectType: "open311_key",
		ObjectID: key.ID, DistrictID: key.DistrictID, Detail: key.Name})
	fmt.Fprintf(stdout, "key %d for %s in district %d (shown only now; linli keeps just its hash):\n%s\n",
		key.ID, key.Name, key.DistrictID, plain)
	return nil
}

func (k *open311KeyCmd) printList(ctx context.Context, keys *open311.Keys, stdout io.Writer) error {
	list, err := keys.List(ctx, k.district)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDISTRICT\tNAME\tCREATED\tREVOKED")
	for _, key := range list {
		revoked := "—"
		if !key.RevokedAt.IsZero() {
			revoked = key.RevokedAt.In(open311.Zone).Format(time.DateTime)
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\n", key.ID, key.DistrictID, key.Name, key.CreatedAt.In(open311.Zone).Format(time.DateTime), revoked)
	}
	return tw.Flush()
}

// describe words an error for the operator's terminal.
func describe(err error) string {
	e := errs.As(err)
	if e.Code == errs.Internal {
		return err.Error()
	}
	return i18n.T(i18n.EN, e.Key, e.Args...)
}
