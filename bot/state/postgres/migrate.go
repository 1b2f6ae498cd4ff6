package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// migrations are the schema's versions, in order: migrations[i] takes the
// schema from version i to i+1. A migration is only ever appended, and
// only adds (tables, columns with defaults, indexes), so that replicas of
// the version before go on working while a new version rolls out.
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

// migrateLock is the advisory lock that serializes migrations, so that
// replicas starting at once migrate one after the other (the second finds
// nothing left to do).
const migrateLock = 0x6e657773 // "news"

// migrate brings the schema to the latest version in one transaction.
// It refuses a schema newer than this binary knows: a newer newsdesk has
// migrated the database, and this one may not understand it.
func migrate(ctx context.Context, conn *pgx.Conn) error {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS newsdesk_schema (version integer NOT NULL)`); err != nil {
		return err
	}
	var version int
	if err := tx.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM newsdesk_schema`).Scan(&version); err != nil {
		return err
	}
	if version > len(migrations) {
		return fmt.Errorf("the database's schema is version %d and this newsdesk knows up to %d: a newer newsdesk migrated it; run that version", version, len(migrations))
	}
	for v := version; v < len(migrations); v++ {
		if _, err := tx.Exec(ctx, migrations[v]); err != nil {
			return fmt.Errorf("migrate the schema to version %d: %w", v+1, err)
		}
	}
	if version < len(migrations) {
		if _, err := tx.Exec(ctx, `DELETE FROM newsdesk_schema`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO newsdesk_schema VALUES ($1)`, len(migrations)); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}
