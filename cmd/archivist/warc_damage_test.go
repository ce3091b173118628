package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A lying WARC (issue 15, case 4), with the real binary: a record whose
// Content-Length runs past the end of the file or into the next record
// (plain, or in a whole-file gzip), and a giant header line,
// are each one error naming the record (exit 1), and every other record is
// imported.
func TestLyingWARCImport(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	base := t.TempDir()
	damageFixture(t, base)
	want := exportedVersions(t, base, filepath.Join(base, "a.db"), "url", "text")
	gz, err := os.ReadFile(filepath.Join(base, "in.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr) // every member, one after the other
	if err != nil {
		t.Fatal(err)
	}

	// The first response record claims ten times the file's length.
	at := bytes.Index(plain, []byte("WARC-Type: response"))
	loc := regexp.MustCompile(`Content-Length: \d+`).FindIndex(plain[at:])
	var lying []byte
	lying = append(lying, plain[:at+loc[0]]...)
	lying = append(lying, fmt.Sprintf("Content-Length: %d", 10*len(plain))...)
	lying = append(lying, plain[at+loc[1]:]...)
	liar := regexp.MustCompile(`WARC-Target-URI: <?([^\r\n>]+)`).FindSubmatch(plain[at:])[1]

	// The same file compressed as one gzip member (not one per record),
	// and one where the lie runs into the next record, not past the end.
	var whole bytes.Buffer
	zw := gzip.NewWriter(&whole)
	zw.Write(lying)
	zw.Close()
	m := regexp.MustCompile(`Content-Length: (\d+)`).FindSubmatchIndex(plain[at:])
	n, err := strconv.Atoi(string(plain[at+m[2] : at+m[3]]))
	if err != nil {
		t.Fatal(err)
	}
	var into bytes.Buffer
	zw = gzip.NewWriter(&into)
	zw.Write(plain[:at+m[0]])
	fmt.Fprintf(zw, "Content-Length: %d", n+200)
	zw.Write(plain[at+m[1]:])
	zw.Close()

	// A 32 MiB header line in a gzip member of its own, before the rest.
	var huge bytes.Buffer
	zw = gzip.NewWriter(&huge)
	zw.Write([]byte("WARC/1.1\r\nWARC-Type: response\r\nX-Long: "))
	line := bytes.Repeat([]byte("a"), 1<<20)
	for i := 0; i < 32; i++ {
		zw.Write(line)
	}
	zw.Write([]byte("\r\nContent-Length: 0\r\n\r\n\r\n\r\n"))
	zw.Close()
	huge.Write(gz)

	for _, c := range []struct {
		name, file string
		data       []byte
		msg        string
		lost       string
	}{
		{"content-length past the end", "lying.warc", lying, "runs past the end", string(liar)},
		{"content-length past the end, whole-file gzip", "lying.warc.gz", whole.Bytes(), "runs past the end", string(liar)},
		{"content-length into the next record, whole-file gzip", "into.warc.gz", into.Bytes(), "runs past the end of the record", string(liar)},
		{"giant header line", "huge.warc.gz", huge.Bytes(), "longer than 64 KiB", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, c.file), c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(dir, "b.db")
			r := runBinary(t, dir, nil, "import", "--archive", db, c.file)
			if crashRE.MatchString(r.Stderr) || r.Code != 1 || !strings.Contains(r.Stderr, c.msg) || (c.lost != "" && !strings.Contains(r.Stderr, c.lost)) {
				t.Fatalf("import: exit %d, want 1 and %q naming the record:\n%s%s", r.Code, c.msg, r.Stdout, r.Stderr)
			}
			got := exportedVersions(t, dir, db, "url", "text")
			for k, w := range want {
				if strings.HasPrefix(k, c.lost+" ") && c.lost != "" {
					continue // the lying record's own page
				}
				if got[k] != w {
					t.Errorf("%s: not imported as archived (got %q)", k, got[k])
				}
			}
		})
	}
}
