// Command pdfbench scores archivist's PDF text against the known text of
// the corpus (WCXB's word F1: bags of lower-cased \w+ tokens), side by side
// with poppler's pdftotext -layout and plain pdftotext, and reports pages/s
// on one core each in the same run, and peak RSS on a long document.
//
//	go run ./cmd/pdfbench                       # the committed corpus
//	go run ./cmd/pdfbench -long 500             # plus a 500-page document (needs pdflatex)
//
// archivist runs in process with the engine started before timing (a
// crawl pays the start once); pdftotext runs once per document, as a crawl
// would call it. Peak RSS is measured for both the same way: a child
// process per tool on the long document, read from /proc while it runs,
// with the peak of every process it starts (archivist's first run
// compiles its engine in one).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/extract/pdf"
	"github.com/archivist-org/archivist/extract/score"
)

type entry struct {
	name    string
	path    string
	truth   string
	scan    bool
	columns int
	pages   int
}

type tool struct {
	name string
	run  func(e entry) (string, error)
}

type tally struct {
	all, single, multi score.Words
	pages              int
	dur                time.Duration
	errs               int
	scansFailed        int
}

func main() {
	dir := flag.String("corpus", "../extract/pdf/testdata/corpus", "corpus directory")
	long := flag.Int("long", 0, "also time and measure peak RSS on a generated document of about this many pages (needs pdflatex)")
	onlyLong := flag.Bool("only-long", false, "skip the corpus")
	one := flag.String("one", "", "internal: extract one file in this process and exit (for RSS)")
	cache := flag.String("cache", "", "internal: the engine's compilation cache directory")
	verbose := flag.Bool("v", false, "per-document scores")
	flag.Parse()
	runtime.GOMAXPROCS(1)
	if *one != "" {
		pdf.SetCacheDir(*cache)
		b, err := os.ReadFile(*one)
		if err != nil {
			log.Fatal(err)
		}
		a, err := pdf.Extract(context.Background(), b, "", &pdf.Options{MaxBytes: -1})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.Pages, a.WordCount)
		return
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		log.Fatal("pdftotext not found: apt-get install poppler-utils")
	}
	if *onlyLong {
		if err := longDoc(*long); err != nil {
			log.Fatal(err)
		}
		return
	}
	entries, err := load(*dir)
	if err != nil {
		log.Fatal(err)
	}
	// Start the engine outside the timing.
	if b, err := os.ReadFile(entries[0].path); err == nil {
		pdf.Extract(context.Background(), b, "", nil)
	}
	tools := []tool{
		{"archivist", func(e entry) (string, error) {
			b, err := os.ReadFile(e.path)
			if err != nil {
				return "", err
			}
			a, err := pdf.Extract(context.Background(), b, "", &pdf.Options{MaxBytes: -1})
			if err != nil {
				return "", err
			}
			return a.Text, nil
		}},
		{"pdftotext -layout", func(e entry) (string, error) { return pdftotext(e.path, "-layout") }},
		{"pdftotext", func(e entry) (string, error) { return pdftotext(e.path) }},
	}
	tallies := make([]tally, len(tools))
	// Per producer (the name's prefix: pdflatex-twocol-1 → pdflatex).
	byProducer := map[string][]score.Words{}
	for _, e := range entries {
		var line []string
		for i, t := range tools {
			start := time.Now()
			text, err := t.run(e)
			d := time.Since(start)
			tl := &tallies[i]
			if e.scan {
				if errors.Is(err, pdf.ErrNoText) || err == nil && strings.TrimSpace(text) == "" {
					tl.scansFailed++
				}
				continue
			}
			tl.dur += d
			tl.pages += e.pages
			if err != nil {
				tl.errs++
				log.Printf("%s %s: %v", t.name, e.name, err)
			}
			_, _, f1 := tl.all.Add(text, e.truth)
			producer, _, _ := strings.Cut(e.name, "-")
			if byProducer[producer] == nil {
				byProducer[producer] = make([]score.Words, len(tools))
			}
			byProducer[producer][i].Add(text, e.truth)
			if e.columns > 1 {
				tl.multi.Add(text, e.truth)
			} else {
				tl.single.Add(text, e.truth)
			}
			line = append(line, fmt.Sprintf("%.3f", f1))
		}
		if *verbose && !e.scan {
			fmt.Printf("%-28s %s\n", e.name, strings.Join(line, " "))
		}
	}
	nscan := 0
	for _, e := range entries {
		if e.scan {
			nscan++
		}
	}
	fmt.Printf("corpus: %d documents with text (%d pages), %d scans; GOMAXPROCS=1\n\n", len(entries)-nscan, tallies[0].pages, nscan)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "tool\tword F1\tsingle-col F1\tmulti-col F1\tprecision\trecall\tpages/s\tvs pdftotext\terrors\tscans → no text\t\n")
	base := float64(tallies[2].pages) / tallies[2].dur.Seconds()
	for i, t := range tools {
		tl := tallies[i]
		f, p, r := tl.all.Result()
		fs, _, _ := tl.single.Result()
		fm, _, _ := tl.multi.Result()
		pps := float64(tl.pages) / tl.dur.Seconds()
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.1f\t%.2f×\t%d\t%d/%d\t\n", t.name, f, fs, fm, p, r, pps, pps/base, tl.errs, tl.scansFailed, nscan)
	}
	tw.Flush()
	fmt.Println()
	producers := make([]string, 0, len(byProducer))
	for p := range byProducer {
		producers = append(producers, p)
	}
	sort.Strings(producers)
	tw = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "producer\tdocuments")
	for _, t := range tools {
		fmt.Fprintf(tw, "\t%s F1", t.name)
	}
	fmt.Fprint(tw, "\t\n")
	for _, p := range producers {
		ws := byProducer[p]
		fmt.Fprintf(tw, "%s\t%d", p, ws[0].N)
		for i := range tools {
			f, _, _ := ws[i].Result()
			fmt.Fprintf(tw, "\t%.3f", f)
		}
		fmt.Fprint(tw, "\t\n")
	}
	tw.Flush()
	if *long > 0 {
		if err := longDoc(*long); err != nil {
			log.Fatal(err)
		}
	}
}

func pdftotext(path string, args ...string) (string, error) {
	out, err := exec.Command("pdftotext", append(append(args, "-enc", "UTF-8"), path, "-")...).Output()
	return string(out), err
}

func load(dir string) ([]entry, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no PDFs in %s", dir)
	}
	sort.Strings(files)
	var out []entry
	for _, f := range files {
		base := strings.TrimSuffix(f, ".pdf")
		e := entry{name: filepath.Base(base), path: f, columns: 1}
		if _, err := os.Stat(base + ".scan"); err == nil {
			e.scan = true
			out = append(out, e)
			continue
		}
		t, err := os.ReadFile(base + ".txt")
		if err != nil {
			continue
		}
		e.truth = string(t)
		var m struct{ Columns int }
		if b, err := os.ReadFile(base + ".json"); err == nil && json.Unmarshal(b, &m) == nil && m.Columns > 0 {
			e.columns = m.Columns
		}
		if info, err := exec.Command("pdfinfo", f).Output(); err == nil {
			for _, l := range strings.Split(string(info), "\n") {
				if strings.HasPrefix(l, "Pages:") {
					fmt.Sscan(strings.TrimSpace(strings.TrimPrefix(l, "Pages:")), &e.pages)
				}
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// longDoc writes an n-page two-column LaTeX report, then times each tool
// on it and measures each one's peak RSS as a child process.
func longDoc(n int) error {
	dir, err := os.MkdirTemp("", "pdfbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var b strings.Builder
	b.WriteString("\\documentclass[twocolumn]{article}\\usepackage{fancyhdr}\\pagestyle{fancy}\\fancyhead[L]{Long Report}\\begin{document}\n")
	para := "The efficient financial office reviewed the fiscal rules of the government and found that the independent institutions responsible for budget surveillance were influential where their mandates were clear and their resources sufficient. "
	for i := 0; i < n*5; i++ {
		fmt.Fprintf(&b, "\\section*{Part %d}\n%s%s%s\n\n", i, para, para, para)
	}
	b.WriteString("\\end{document}\n")
	os.WriteFile(filepath.Join(dir, "long.tex"), []byte(b.String()), 0o644)
	cmd := exec.Command("pdflatex", "-interaction=batchmode", "long.tex")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pdflatex: %v %s", err, out)
	}
	path := filepath.Join(dir, "long.pdf")
	data, _ := os.ReadFile(path)
	var a *extract.Article
	// Best of three, the tools alternating, so that a burst of load on a
	// shared machine does not land on one tool only.
	// Wall time is what a user waits for; CPU time (user + system, of this
	// process for archivist, of the child for pdftotext) is each tool's
	// own work, which a busy shared machine does not inflate.
	ad, pd := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
	acpu, pcpu := ad, pd
	for i := 0; i < 3; i++ {
		start, c0 := time.Now(), selfCPU()
		a, err = pdf.Extract(context.Background(), data, "", &pdf.Options{MaxBytes: -1})
		if err != nil {
			return err
		}
		ad, acpu = min(ad, time.Since(start)), min(acpu, selfCPU()-c0)
		start = time.Now()
		cmd := exec.Command("pdftotext", "-enc", "UTF-8", path, "-")
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("pdftotext: %v", err)
		}
		pd = min(pd, time.Since(start))
		pcpu = min(pcpu, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
	}
	// A first run: the engine is compiled (by a child process of the
	// archivist process) into an empty cache. A later run: it is loaded
	// from there. Each process's own peak is reported.
	self, _ := os.Executable()
	cache := filepath.Join(dir, "cache")
	first, err := childRSS(self, "-one", path, "-cache", cache)
	if err != nil {
		return err
	}
	later, err := childRSS(self, "-one", path, "-cache", cache)
	if err != nil {
		return err
	}
	prss, err := childRSS("pdftotext", path, "/dev/null")
	if err != nil {
		return err
	}
	fmt.Printf("\nlong document: %d pages, %d MB\n", a.Pages, len(data)>>20)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "tool\tseconds\tpages/s\tvs pdftotext\tCPU seconds\tpages/CPU-s\tvs pdftotext\tpeak RSS MB\tfirst run: process\tfirst run: compiling child\t\n")
	fmt.Fprintf(tw, "archivist\t%.2f\t%.1f\t%.2f×\t%.2f\t%.1f\t%.2f×\t%d\t%d\t%s\t\n", ad.Seconds(), float64(a.Pages)/ad.Seconds(), pd.Seconds()/ad.Seconds(),
		acpu.Seconds(), float64(a.Pages)/acpu.Seconds(), pcpu.Seconds()/acpu.Seconds(), later.self>>10, first.self>>10, mb(first.children))
	fmt.Fprintf(tw, "pdftotext\t%.2f\t%.1f\t1.00×\t%.2f\t%.1f\t1.00×\t%d\t\t%s\t\n", pd.Seconds(), float64(a.Pages)/pd.Seconds(),
		pcpu.Seconds(), float64(a.Pages)/pcpu.Seconds(), prss.self>>10, mb(prss.children))
	if len(later.children) > 0 {
		fmt.Printf("a later run started %d child process(es): %s MB\n", len(later.children), mb(later.children))
	}
	return tw.Flush()
}

// selfCPU is the CPU time this process has used (every thread: the GC's
// too).
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peaks are the peak resident sets, in KB, of a process and of each child
// process it started.
type peaks struct {
	self     int64
	children []int64
}

func mb(kbs []int64) string {
	var out []string
	for _, kb := range kbs {
		out = append(out, fmt.Sprint(kb>>10))
	}
	if len(out) == 0 {
		return "-"
	}
	return strings.Join(out, ", ")
}

// childRSS runs a command and returns its peak resident set and those of
// the processes it starts, read from /proc/PID/status (VmHWM) while they
// run. rusage's ru_maxrss is no use here: a child started by this (large)
// process inherits its high water mark.
func childRSS(name string, args ...string) (peaks, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS=1")
	if err := cmd.Start(); err != nil {
		return peaks{}, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	pid := cmd.Process.Pid
	var p peaks
	kids := map[int]int64{}
	var order []int
	for {
		p.self = max(p.self, vmHWM(pid))
		// Each thread lists the children it started.
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
		for _, t := range tasks {
			b, err := os.ReadFile(t)
			if err != nil {
				continue
			}
			for _, f := range strings.Fields(string(b)) {
				var k int
				fmt.Sscan(f, &k)
				if _, ok := kids[k]; !ok {
					order = append(order, k)
				}
				kids[k] = max(kids[k], vmHWM(k))
			}
		}
		select {
		case err := <-done:
			if err != nil {
				return peaks{}, fmt.Errorf("%s: %v", name, err)
			}
			for _, k := range order {
				// Go's start-up probe for pidfd support forks a child
				// that exits at once (a few MB, or gone before it is
				// read): only children that ran count.
				if kids[k] > 16<<10 {
					p.children = append(p.children, kids[k])
				}
			}
			return p, nil
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// vmHWM is a live process's peak resident set in KB, 0 if it is gone.
func vmHWM(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(l, "VmHWM:"), "kB")), &kb)
			return kb
		}
	}
	return 0
}
