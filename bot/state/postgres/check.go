package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Check connects to the database at url, as Open would, and describes it
// (user@host:port/db, and the schema version found), without creating or
// migrating anything: for `serve --check`. It returns an error when url is
// not a PostgreSQL URL, the server cannot be reached or refuses the login,
// or the schema was migrated by a newer newsdesk that this one cannot use.
func Check(ctx context.Context, url string) (string, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return "", fmt.Errorf("state database URL: %w", err)
	}
	at := fmt.Sprintf("%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return "", fmt.Errorf("state database %s: %w", at, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var exists bool
	version, from := 0, 1
	err = conn.QueryRow(ctx, `SELECT to_regclass('newsdesk_schema') IS NOT NULL`).Scan(&exists)
	if err == nil && exists {
		err = conn.QueryRow(ctx, `SELECT coalesce(max(version), 0), coalesce(max(readable_from), 1) FROM newsdesk_schema`).Scan(&version, &from)
	}
	if err != nil {
		return "", fmt.Errorf("state database %s: %w", at, err)
	}
	if err := usable(version, from); err != nil {
		return "", fmt.Errorf("state database %s: %w", at, err)
	}
	switch {
	case version == 0:
		return at + ", no newsdesk tables yet (serve creates them)", nil
	case version < len(migrations):
		return fmt.Sprintf("%s, schema version %d (serve migrates it to %d)", at, version, len(migrations)), nil
	}
	return fmt.Sprintf("%s, schema version %d", at, version), nil
}
