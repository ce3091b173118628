package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// exportedVersions runs export --all-versions on db and returns each
// version's record, keyed by URL and version: only the given fields, or
// (none given) all but those a copy renumbers (seq) or derives from the
// index (copy links).
func exportedVersions(t *testing.T, dir, db string, fields ...string) map[string]string {
	t.Helper()
	r := runBinary(t, dir, nil, "export", "--archive", db, "--all-versions")
	if r.Code != 0 {
		t.Fatalf("export %s: exit %d\n%s", db, r.Code, r.Stderr)
	}
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(r.Stdout))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprintf("%v v%v", m["url"], m["version"])
		delete(m, "seq")
		delete(m, "copy_of")
		delete(m, "copies")
		if len(fields) > 0 {
			sub := map[string]any{}
			for _, f := range fields {
				sub[f] = m[f]
			}
			m = sub
		}
		out[key] = jsonString(m)
	}
	return out
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestSalvage: salvage copies an intact archive's versions exactly (text,
// metadata, first/last seen, raw pages); from damaged copies it never
// crashes, copies what it can read as it was, names whatever differs from
// the original, and the new archive verifies.
func TestSalvage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	base := t.TempDir()
	site := damageFixture(t, base)
	good := filepath.Join(base, "a.db")
	want := exportedVersions(t, base, good)
	if len(want) == 0 {
		t.Fatal("fixture exported nothing")
	}

	out := filepath.Join(base, "copy.db")
	r := runBinary(t, base, nil, "salvage", "--archive", good, out)
	if r.Code != 0 || !strings.Contains(r.Stdout, "salvaged") {
		t.Fatalf("salvage of an intact archive: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	got := exportedVersions(t, base, out)
	if len(got) != len(want) {
		t.Errorf("salvage copied %d versions, the archive has %d", len(got), len(want))
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s differs after salvage:\n got %s\nwant %s", k, got[k], w)
		}
	}
	page := site + "/2025/04/analysis-number-3-of-the-region"
	a := runBinary(t, base, nil, "show", "--archive", good, "--format", "html", page)
	b := runBinary(t, base, nil, "show", "--archive", out, "--format", "html", page)
	if a.Code != 0 || b.Code != 0 || a.Stdout != b.Stdout {
		t.Errorf("raw page differs after salvage (exit %d / %d)", a.Code, b.Code)
	}
	if r := runBinary(t, base, nil, "salvage", "--archive", good, out); r.Code != 2 || !strings.Contains(r.Stderr, "exists") {
		t.Errorf("salvage into an existing file: exit %d\n%s", r.Code, r.Stderr)
	}

	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 4; i++ {
		b := append([]byte(nil), data...)
		for j := 0; j < 20; j++ {
			b[8192+rng.Intn(len(b)-8192)] ^= byte(1 + rng.Intn(255))
		}
		dir := t.TempDir()
		db, dst := filepath.Join(dir, "d.db"), filepath.Join(dir, "new.db")
		if err := os.WriteFile(db, b, 0o600); err != nil {
			t.Fatal(err)
		}
		// search skips unreadable versions too, names them, exits 1.
		ex := runBinary(t, dir, nil, "export", "--archive", db, "--all-versions")
		se := runBinary(t, dir, nil, "search", "--archive", db, "region")
		if crashRE.MatchString(se.Stderr) || se.Code == 2 {
			t.Fatalf("search on damaged copy %d: exit %d\n%s", i, se.Code, se.Stderr)
		}
		skipped := regexp.MustCompile(`skipped seq (\d+) `).FindAllStringSubmatch(ex.Stderr, -1)
		t.Logf("damaged copy %d: export skipped %d versions; search exit %d", i, len(skipped), se.Code)
		// (A damaged seq key reads differently along export's and the
		// index sync's paths, so the named seqs need not match.)
		if len(skipped) > 0 && (se.Code != 1 || !strings.Contains(se.Stderr, "cannot be read")) {
			t.Errorf("damaged copy %d: export skipped %d versions, search did not say so (exit %d):\n%s", i, len(skipped), se.Code, se.Stderr)
		}
		r := runBinary(t, dir, nil, "salvage", "--archive", db, dst)
		if crashRE.MatchString(r.Stderr) || r.Code == 2 {
			t.Fatalf("salvage of a damaged archive %d: exit %d\n%s", i, r.Code, r.Stderr)
		}
		if _, err := os.Stat(dst); err != nil {
			continue // the damaged file could not be opened at all: said so
		}
		if v := runBinary(t, dir, nil, "verify", "--archive", dst); v.Code != 0 {
			t.Errorf("archive salvaged from damaged copy %d does not verify:\n%s%s", i, v.Stdout, v.Stderr)
		}
		// Every copied version has the original's text and metadata, or
		// salvage named it: version and page records and articles carry
		// checksums, so a flipped byte in a stored URL or date is named
		// too. A version under a URL the original does not have would be
		// damage not named.
		for k, g := range exportedVersions(t, dir, dst) {
			w, known := want[k]
			if !known {
				t.Errorf("damaged copy %d: salvaged a version the original does not have: %s\n%s", i, k, g)
			} else if w != g && !strings.Contains(r.Stderr, strings.Fields(k)[0]) {
				t.Errorf("damaged copy %d: %s salvaged unlike the original and not reported:\n got %s\nwant %s", i, k, g, w)
			}
		}
	}
}
