// Command extractdigest writes one line per corpus page with a digest of
// archivist's whole extraction (every Article field) so that a change meant
// to be output-neutral, such as a speed-up, can be checked page by page:
//
//	cd bench && go run ./cmd/extractdigest -corpus ../../shared/corpus > before.txt
//	... change ...
//	go run ./cmd/extractdigest -corpus ../../shared/corpus | diff before.txt -
package main

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"

	"github.com/archivist-org/archivist/bench/harness"
	"github.com/archivist-org/archivist/extract"
)

func main() {
	corpusDir := flag.String("corpus", "../../shared/corpus", "directory holding the corpora")
	only := flag.String("only", "aeb,traf,wcxb,dates", "corpora to run, comma-separated")
	rounds := flag.Int("rounds", 1, "extract every page this many times (profiling); the digest is of the first")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the extractions to this file")
	memProfile := flag.String("memprofile", "", "write an allocation profile to this file at the end")
	flag.Parse()
	if *memProfile != "" {
		runtime.MemProfileRate = 64 << 10
		defer func() {
			f, err := os.Create(*memProfile)
			if err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "extractdigest:", err)
			os.Exit(1)
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	for _, name := range strings.Split(*only, ",") {
		dir := filepath.Join(*corpusDir, name)
		var c *harness.Corpus
		var err error
		switch name {
		case "aeb":
			c, err = harness.LoadAEB(dir, 0)
		case "traf":
			c, err = harness.LoadTraf(dir, 0)
		case "wcxb":
			c, err = harness.LoadWCXB(dir, 0)
		case "dates":
			c, err = harness.LoadDates(dir, 0)
		default:
			err = fmt.Errorf("unknown corpus %q", name)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "extractdigest:", err)
			os.Exit(1)
		}
		for r := 1; r < *rounds; r++ {
			for _, p := range c.Pages {
				extract.FromHTML(p.HTML, p.URL, &extract.Options{MaxBytes: -1})
			}
		}
		for _, p := range c.Pages {
			a, err := extract.FromHTML(p.HTML, p.URL, &extract.Options{MaxBytes: -1})
			if err != nil {
				fmt.Printf("%s\t%s\terror %v\n", name, p.ID, err)
				continue
			}
			all, _ := json.Marshal(a)
			fmt.Printf("%s\t%s\tall=%x text=%x kind=%s title=%q authors=%q pub=%s(%s) mod=%s words=%d\n",
				name, p.ID, sha256.Sum256(all), sha256.Sum256([]byte(a.Text)),
				a.Kind, a.Title, strings.Join(a.Authors, "; "), a.Published, a.DateSource, a.Modified, a.WordCount)
		}
	}
}
