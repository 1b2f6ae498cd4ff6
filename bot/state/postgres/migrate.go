package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// migrations are the schema's versions, in order: migrations[i] takes the
// schema from version i to i+1. A migration is only ever appended, and
// only adds (tables, columns with defaults, indexes), so that replicas of
// the version before go on working, and restart, while a new version
// rolls out. One that cannot (a column dropped or changed) is listed in
// breaking: binaries that know only the versions before it then refuse
// the database.
var migrations = []string{
	// 1: the bot's state.
	`CREATE TABLE newsdesk_seen (
		key text PRIMARY KEY,
		at  timestamptz NOT NULL
	);
	CREATE INDEX newsdesk_seen_at ON newsdesk_seen (at);

	CREATE SEQUENCE newsdesk_job_place;
	CREATE TABLE newsdesk_jobs (
		id          text PRIMARY KEY,
		place       bigint NOT NULL DEFAULT nextval('newsdesk_job_place'),
		keys        text[] NOT NULL,
		channel     text NOT NULL,
		data        bytea NOT NULL,
		enqueued    timestamptz NOT NULL,
		not_before  timestamptz,
		attempts    integer NOT NULL DEFAULT 0,
		lease_until timestamptz
	);
	CREATE INDEX newsdesk_jobs_place ON newsdesk_jobs (place);

	CREATE TABLE newsdesk_threads (
		key      text PRIMARY KEY,
		question text NOT NULL,
		article  text NOT NULL,
		at       timestamptz NOT NULL
	);
	CREATE INDEX newsdesk_threads_at ON newsdesk_threads (at);

	CREATE TABLE newsdesk_votes (
		key  text PRIMARY KEY,
		vote bytea NOT NULL, -- JSON: jsonb would refuse a \u0000 in a question
		up   boolean NOT NULL,
		at   timestamptz NOT NULL
	);
	CREATE INDEX newsdesk_votes_at ON newsdesk_votes (at);
	CREATE TABLE newsdesk_vote_totals (
		up   bigint NOT NULL,
		down bigint NOT NULL
	);
	INSERT INTO newsdesk_vote_totals VALUES (0, 0);

	CREATE TABLE newsdesk_sections (
		name  text PRIMARY KEY,
		value bytea NOT NULL
	);

	CREATE TABLE newsdesk_leases (
		name   text PRIMARY KEY,
		holder text NOT NULL,
		until  timestamptz NOT NULL
	);

	CREATE TABLE newsdesk_pace (
		key     text PRIMARY KEY,
		tat     timestamptz NOT NULL,
		blocked timestamptz NOT NULL
	);`,
}

// breaking are the versions older binaries cannot use (see migrations).
var breaking = []int{}

// readableFrom is the oldest schema version whose binaries can use version
// v: the latest breaking version up to v, or 1.
func readableFrom(v int) int {
	from := 1
	for _, b := range breaking {
		if b <= v {
			from = max(from, b)
		}
	}
	return from
}

// usable returns an error when this binary cannot use a schema at version,
// readable by binaries from schema version from on.
func usable(version, from int) error {
	if version > len(migrations) && from > len(migrations) {
		return fmt.Errorf("the database's schema is version %d, which newsdesk binaries before schema %d cannot use, and this one knows up to %d: a newer newsdesk migrated it; run that version", version, from, len(migrations))
	}
	return nil
}

// migrateLock is the advisory lock that serializes migrations, so that
// replicas starting at once migrate one after the other (the second finds
// nothing left to do).
const migrateLock = 0x6e657773 // "news"

// migrate brings the schema to the latest version in one transaction.
// A schema newer than this binary knows is used as it is when it records
// that binaries of this version can read it (its migrations since only
// added), and refused otherwise.
func migrate(ctx context.Context, conn *pgx.Conn) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate the schema: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock); err != nil {
		return fmt.Errorf("migrate the schema: wait for other replicas: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS newsdesk_schema (
		version       integer NOT NULL,
		readable_from integer NOT NULL DEFAULT 1
	)`); err != nil {
		return fmt.Errorf("migrate the schema: %w", err)
	}
	var version, from int
	err = tx.QueryRow(ctx, `SELECT coalesce(max(version), 0), coalesce(max(readable_from), 1) FROM newsdesk_schema`).Scan(&version, &from)
	if err != nil {
		return fmt.Errorf("read the schema version: %w", err)
	}
	if err := usable(version, from); err != nil {
		return err
	}
	if version >= len(migrations) {
		return tx.Commit(ctx)
	}
	for v := version; v < len(migrations); v++ {
		if _, err := tx.Exec(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migrate the schema to version %d: %w", v+1, err)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM newsdesk_schema`); err != nil {
		return fmt.Errorf("record the schema version: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO newsdesk_schema VALUES ($1, $2)`, len(migrations), readableFrom(len(migrations))); err != nil {
		return fmt.Errorf("record the schema version: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("migrate the schema: %w", err)
	}
	return nil
}
