package pgpush

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Redact names the database of connString for messages and logs:
// "postgres://user@host:port/db", never the password. A string that does
// not parse gives "(bad database URL)".
func Redact(connString string) string {
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		return "(bad database URL)"
	}
	host := cfg.Host
	if strings.HasPrefix(host, "/") { // a Unix socket directory
		return fmt.Sprintf("postgres://%s@/%s?host=%s", cfg.User, cfg.Database, host)
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, host, cfg.Port, cfg.Database)
}

// redactErr replaces the password in err's text, should a server or
// library ever echo it.
func redactErr(err error, password string) error {
	if err == nil || password == "" || !strings.Contains(err.Error(), password) {
		return err
	}
	return redacted{msg: strings.ReplaceAll(err.Error(), password, "xxxxx"), err: err}
}

type redacted struct {
	msg string
	err error
}

func (r redacted) Error() string { return r.msg }
func (r redacted) Unwrap() error { return errors.Unwrap(r.err) }
