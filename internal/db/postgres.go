package db

import (
	"database/sql"
	"fmt"
	"runtime"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

func openPostgres(url string) (*DB, error) {
	// Two pools, as on SQLite: writes (the group committer above all) must
	// never queue for a connection behind a burst of page reads, since every
	// unit in a batch waits on the committer.
	var pools [2]*sql.DB
	for i := range pools {
		pool, err := sql.Open("pgx", url)
		if err != nil {
			if pools[0] != nil {
				pools[0].Close()
			}
			return nil, fmt.Errorf("db: open postgres: %w", err)
		}
		n := max(8, runtime.NumCPU()*4)
		pool.SetMaxOpenConns(n)
		pool.SetMaxIdleConns(n)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		pools[i] = pool
	}
	return &DB{dialect: Postgres, write: pools[0], read: pools[1]}, nil
}
