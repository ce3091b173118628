// Command trainkind trains archivist's page-kind model (extract/kind_model.go)
// on the corpora and writes its weights to extract/kind_model_gen.go.
//
//	cd bench && go run ./cmd/trainkind -corpus /work/shared/corpus
//
// The model is an L2-regularised logistic regression telling hubs (WCXB's
// listing and collection pages) from articles (WCXB's articles and every
// page of aeb, traf and dates), over the general evidence extract reads on
// a page (extract.KindFeatureNames). It may overturn the hand rules'
// verdict when confident; the two thresholds are chosen for the
// asymmetric cost: an article called a hub is lost to the archive.
//
// Before writing, it validates honestly: it trains on the even half (even
// WCXB ids, and every other page of the article corpora) and judges the
// odd half, then the reverse, and prints both beside the rules alone.
// -check compares the file it would write with the one in extract/ and
// fails when they differ (for the test).
package main

import (
	"bytes"
	"cmp"
	"encoding/gob"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/archivist-org/archivist/bench/harness"
	"github.com/archivist-org/archivist/extract"
)

// sample is one page: its corpus, WCXB type ("article" on the article
// corpora), fold (0 even, 1 odd) and evidence.
type sample struct {
	corpus, id, typ string
	fold            int
	extract.KindSample
}

// label is 1 for a hub, 0 for an article, -1 for a page the model does
// not learn from (WCXB's forums, products, services, documentation).
func (s *sample) label() int {
	switch s.typ {
	case "listing", "collection":
		return 1
	case "article":
		return 0
	}
	return -1
}

// Training settings; the trainer's output depends on them only.
var (
	// lambda is the L2 penalty on standardised weights.
	lambda = 3.0
	// lostCost is what an article called a hub costs, against one for
	// a listing not called a hub. The bars ask articles kept 0.995 and
	// listings called hub 0.90: on WCXB one article lost uses a quarter
	// of its slack (4 of 790), one listing missed a twentieth (22 of
	// 217); about five to one.
	lostCost = 5.0
	learner  = "logistic"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is the command; it returns the exit status.
func run(args []string, w, errw io.Writer) int {
	flag := flag.NewFlagSet("trainkind", flag.ContinueOnError)
	flag.SetOutput(errw)
	corpus := flag.String("corpus", os.Getenv("ARCHIVIST_CORPUS"), "directory of the corpora (aeb, traf, wcxb, dates)")
	out := flag.String("out", filepath.Join("..", "extract", "kind_model_gen.go"), "generated Go file to write")
	check := flag.Bool("check", false, "compare the file instead of writing it; exit 1 when it differs")
	cache := flag.String("cache", "", "keep the extracted evidence in this file (gob) and reuse it; delete it when the features change")
	mode := flag.String("mode", "auto", "how the model decides: stage (overturns the rules when confident, either way), add (only calls more hubs), rescue (only calls fewer), replace (decides alone), off (the rules alone), auto (the first of stage, add, rescue, replace that beats the rules on both halves, else off)")
	flag.Float64Var(&lambda, "l2", lambda, "L2 penalty on standardised weights")
	flag.Float64Var(&lostCost, "lost", lostCost, "cost of an article called a hub, against 1 for a listing missed")
	dump := flag.Int("dump", 0, "print the held-out pages the rules do not call hubs with the n highest log-odds")
	flag.StringVar(&learner, "learner", learner, "logistic or gbt (boosted trees)")
	flag.IntVar(&gbtTrees, "trees", gbtTrees, "gbt: trees")
	flag.IntVar(&gbtDepth, "depth", gbtDepth, "gbt: tree depth")
	inspect := flag.Bool("inspect", false, "print how each feature sets the listings the rules miss apart from articles, and stop")
	table := flag.String("table", "", "print these features (comma-separated) of every page, and stop")
	if err := flag.Parse(args); err != nil {
		return 2
	}
	if *corpus == "" {
		fmt.Fprintln(errw, "trainkind: -corpus is required")
		return 2
	}
	samples, err := loadCached(*corpus, *cache)
	if err != nil {
		fmt.Fprintf(errw, "trainkind: %v\n", err)
		return 1
	}
	names := extract.KindFeatureNames()
	if *table != "" {
		for i := range samples {
			s := &samples[i]
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%d", s.corpus, s.id, s.typ, s.RuleKind, s.RuleScore)
			for j, n := range names {
				if strings.Contains(","+*table+",", ","+n+",") {
					fmt.Fprintf(w, "\t%s=%.3g", n, s.Features[j])
				}
			}
			fmt.Fprintln(w)
		}
		return 0
	}
	if *inspect {
		inspectFeatures(w, samples, names)
		return 0
	}
	fmt.Fprintf(w, "%d pages, %d features, mode %s\n", len(samples), len(names), *mode)

	// Honest validation: each half judged by a model trained on the other.
	// -mode auto tries each way the model may decide and keeps the first
	// that beats the rules on both halves without losing an article more
	// on any corpus; when none does, the model stays off.
	modes := []string{*mode}
	if *mode == "auto" {
		modes = []string{"stage", "add", "rescue", "replace"}
	}
	chosen := "off"
	for _, md := range modes {
		beats := true
		for test := range 2 {
			var train, held []*sample
			for i := range samples {
				if samples[i].fold == test {
					held = append(held, &samples[i])
				} else {
					train = append(train, &samples[i])
				}
			}
			m := fit(train, md)
			fmt.Fprintf(w, "\n== mode %s: trained on the %s half, judged on the %s half (thresholds hub>=%s article<%s)\n", md, half(1-test), half(test), thr(m.hubAbove), thr(m.articleBelow))
			beats = report(w, held, m) && beats
			oracle(w, held, m)
			if *dump > 0 {
				dumpTop(w, held, m, *dump)
			}
		}
		fmt.Fprintf(w, "mode %s beats the rules on both halves: %v\n", md, beats)
		if beats && chosen == "off" {
			chosen = md
		}
	}
	if *mode != "auto" {
		chosen = *mode
	}
	fmt.Fprintf(w, "\nthe model decides: %s\n", chosen)
	m := fit(pointers(samples), chosen)
	fmt.Fprintf(w, "\n== trained on all, judged on all (in-sample) (thresholds hub>=%.2f article<%.2f)\n", m.hubAbove, m.articleBelow)
	report(w, pointers(samples), m)
	fmt.Fprintln(w, "\nweights (raw units):")
	for i, n := range names {
		if m.w != nil {
			fmt.Fprintf(w, "  %-18s %+.3f\n", n, m.w[i])
		}
	}
	if m.w == nil {
		fmt.Fprintln(w, "boosted trees validate only: the generated file holds a logistic model; nothing written")
		return 0
	}
	src := m.render(names)
	if *check {
		old, err := os.ReadFile(*out)
		if err != nil || !bytes.Equal(old, src) {
			fmt.Fprintf(errw, "trainkind: %s is not what the trainer writes (%v)\n", *out, err)
			return 1
		}
		fmt.Fprintf(w, "%s is up to date\n", *out)
		return 0
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintf(errw, "trainkind: %v\n", err)
		return 1
	}
	fmt.Fprintf(w, "wrote %s\n", *out)
	return 0
}

func half(f int) string { return [...]string{"even", "odd"}[f] }

func pointers(s []sample) []*sample {
	p := make([]*sample, len(s))
	for i := range s {
		p[i] = &s[i]
	}
	return p
}

// load extracts every page of the corpora and returns their samples in a
// fixed order.
func load(dir string) ([]sample, error) {
	var all []sample
	var htmls [][]byte
	var urls []string
	for _, name := range []string{"wcxb", "aeb", "traf", "dates"} {
		var c *harness.Corpus
		var err error
		d := filepath.Join(dir, name)
		switch name {
		case "aeb":
			c, err = harness.LoadAEB(d, 0)
		case "traf":
			c, err = harness.LoadTraf(d, 0)
		case "wcxb":
			c, err = harness.LoadWCXB(d, 0)
		case "dates":
			c, err = harness.LoadDates(d, 0)
		}
		if errors.Is(err, harness.ErrNoCorpus) {
			slog.Warn("trainkind: skipping", "corpus", name, "err", err)
			continue
		}
		if err != nil {
			return nil, err
		}
		pages := slices.Clone(c.Pages)
		slices.SortFunc(pages, func(a, b harness.Page) int { return cmp.Compare(a.ID, b.ID) })
		for i, p := range pages {
			s := sample{corpus: name, id: p.ID, typ: p.Type, fold: i % 2}
			if name == "wcxb" {
				s.fold = idParity(p.ID)
			} else {
				s.typ = "article"
			}
			all = append(all, s)
			htmls = append(htmls, p.HTML)
			urls = append(urls, p.URL)
		}
	}
	next := make(chan int)
	var wg sync.WaitGroup
	errs := make([]error, len(all))
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				all[i].KindSample, errs[i] = extract.KindSampleOf(htmls[i], urls[i], &extract.Options{MaxBytes: -1})
			}
		}()
	}
	for i := range all {
		next <- i
	}
	close(next)
	wg.Wait()
	kept := all[:0]
	for i, s := range all {
		if errs[i] != nil || s.Features == nil {
			slog.Warn("trainkind: no evidence", "corpus", s.corpus, "id", s.id, "err", errs[i])
			continue
		}
		kept = append(kept, s)
	}
	return kept, nil
}

// idParity is the WCXB half of a page: its id's last digit, even or odd
// (as extractbench splits it).
func idParity(id string) int {
	if id == "" {
		return 0
	}
	if c := id[len(id)-1]; c >= '0' && c <= '9' {
		return int(c-'0') % 2
	}
	return int(id[len(id)-1]) % 2
}

// model is a logistic regression in raw feature units and the thresholds
// on its log-odds at which it overturns the rules.
type model struct {
	w                      []float64
	trees                  []tree
	bias                   float64
	hubAbove, articleBelow float64
}

const off = 1e9 // extract's kindModelOff

func (m *model) logit(x []float64) float64 {
	z := m.bias
	for _, t := range m.trees {
		z += t.eval(x)
	}
	for i, w := range m.w {
		z += w * x[i]
	}
	return z
}

// verdict is extract's kindModelVerdict over the sample's rule verdict.
func (m *model) verdict(s *sample) string {
	z := m.logit(s.Features)
	switch {
	case s.RuleKind != extract.KindHub && z >= m.hubAbove:
		return extract.KindHub
	case s.RuleKind == extract.KindHub && z < m.articleBelow:
		// extract says page when the page says so; the cost here is the
		// same (neither is a hub).
		return extract.KindArticle
	}
	return s.RuleKind
}

// fit trains the model on the labelled samples and picks its thresholds.
// fit trains the model on train and picks its thresholds on out-of-fold
// log-odds (an inner cross-validation of innerFolds): in-sample scores
// of a fitted model are too sure of themselves.
func fit(train []*sample, mode string) *model {
	m := fitRaw(train)
	oof := map[*sample]float64{}
	for k := range innerFolds {
		var sub []*sample
		for i, s := range train {
			if i%innerFolds != k {
				sub = append(sub, s)
			}
		}
		mk := fitRaw(sub)
		for i, s := range train {
			if i%innerFolds == k {
				oof[s] = mk.logit(s.Features)
			}
		}
	}
	m.hubAbove, m.articleBelow = off, -off
	switch mode {
	case "off":
	case "add":
		m.hubAbove = bestThreshold(train, oof, func(s *sample) bool { return s.RuleKind != extract.KindHub })
	case "rescue":
		m.articleBelow = bestThreshold(train, oof, func(s *sample) bool { return s.RuleKind == extract.KindHub })
	case "replace":
		t := bestThreshold(train, oof, func(s *sample) bool { return true })
		m.hubAbove, m.articleBelow = t, t
	default:
		m.hubAbove = bestThreshold(train, oof, func(s *sample) bool { return s.RuleKind != extract.KindHub })
		m.articleBelow = bestThreshold(train, oof, func(s *sample) bool { return s.RuleKind == extract.KindHub })
	}
	return m
}

const innerFolds = 5

// fitRaw trains the model on the labelled samples of train.
func fitRaw(train []*sample) *model {
	var xs [][]float64
	var ys []float64
	for _, s := range train {
		if l := s.label(); l >= 0 {
			xs = append(xs, s.Features)
			ys = append(ys, float64(l))
		}
	}
	var m *model
	if learner == "gbt" {
		m = gbt(xs, ys)
	} else {
		m = logistic(xs, ys)
	}
	return m
}

// bestThreshold picks the log-odds at or above which the pages in scope
// are called hubs, at the least cost on train: lostCost for each article
// called a hub, one for each listing not called a hub. Ties go to the
// higher threshold (fewer hubs). Thresholds sit halfway between two
// pages' scores, rounded, so a retrain on the same data writes the same.
func bestThreshold(train []*sample, z map[*sample]float64, scope func(*sample) bool) float64 {
	type scored struct {
		z float64
		l int
	}
	var ss []scored
	for _, s := range train {
		if l := s.label(); l >= 0 && scope(s) {
			ss = append(ss, scored{z[s], l})
		}
	}
	slices.SortFunc(ss, func(a, b scored) int { return cmp.Compare(b.z, a.z) }) // high first
	// Threshold above everything: no page in scope is a hub.
	cost, pos := 0.0, 0
	for _, s := range ss {
		pos += s.l
	}
	cost = float64(pos)
	best, bestT := cost, off
	for i, s := range ss {
		if s.l == 1 {
			cost--
		} else {
			cost += lostCost
		}
		if i+1 < len(ss) && ss[i+1].z == s.z {
			continue
		}
		if cost < best {
			t := s.z
			if i+1 < len(ss) {
				t = (s.z + ss[i+1].z) / 2
			}
			best, bestT = cost, math.Round(t*100)/100
		}
	}
	return bestT
}

// logistic fits an L2-regularised logistic regression by Newton's method
// on standardised features, and returns it in raw units.
func logistic(xs [][]float64, ys []float64) *model {
	n, d := len(xs), len(xs[0])
	mean, sd := make([]float64, d), make([]float64, d)
	for _, x := range xs {
		for j, v := range x {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	for _, x := range xs {
		for j, v := range x {
			sd[j] += (v - mean[j]) * (v - mean[j])
		}
	}
	for j := range sd {
		sd[j] = math.Sqrt(sd[j] / float64(n))
		if sd[j] < 1e-9 {
			sd[j] = 1 // a constant feature: its weight stays 0
		}
	}
	z := make([][]float64, n)
	for i, x := range xs {
		z[i] = make([]float64, d+1)
		for j, v := range x {
			z[i][j] = (v - mean[j]) / sd[j]
		}
		z[i][d] = 1 // the bias, not penalised
	}
	beta := make([]float64, d+1)
	for range 50 {
		grad := make([]float64, d+1)
		hess := make([][]float64, d+1)
		for j := range hess {
			hess[j] = make([]float64, d+1)
		}
		for i, x := range z {
			var eta float64
			for j, v := range x {
				eta += beta[j] * v
			}
			p := 1 / (1 + math.Exp(-eta))
			r := p * (1 - p)
			for j, v := range x {
				grad[j] += (p - ys[i]) * v
				if v == 0 {
					continue
				}
				for k := j; k <= d; k++ {
					hess[j][k] += r * v * x[k]
				}
			}
		}
		for j := range d {
			grad[j] += lambda * beta[j]
			hess[j][j] += lambda
		}
		for j := range hess {
			for k := 0; k < j; k++ {
				hess[j][k] = hess[k][j]
			}
		}
		step := solve(hess, grad)
		var size float64
		for j := range beta {
			beta[j] -= step[j]
			size = max(size, math.Abs(step[j]))
		}
		if size < 1e-10 {
			break
		}
	}
	m := &model{w: make([]float64, d), bias: beta[d]}
	for j := range d {
		m.w[j] = beta[j] / sd[j]
		m.bias -= beta[j] * mean[j] / sd[j]
	}
	return m
}

// solve solves a x = b for a symmetric positive definite a (Gaussian
// elimination with partial pivoting; a and b are overwritten).
func solve(a [][]float64, b []float64) []float64 {
	n := len(b)
	for c := range n {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x
}

// report prints, for the rules alone and with the model, articles kept per
// corpus, listing+collection called hub, and WCXB's kinds by type (hub or
// not: page and article are one here).
func report(w io.Writer, ss []*sample, m *model) (beats bool) {
	type count struct{ n, hub int }
	rules, model := map[string]*count{}, map[string]*count{}
	var keys []string
	for _, s := range ss {
		k := s.corpus + " " + s.typ
		if rules[k] == nil {
			rules[k], model[k] = &count{}, &count{}
			keys = append(keys, k)
		}
		rules[k].n++
		model[k].n++
		if s.RuleKind == extract.KindHub {
			rules[k].hub++
		}
		if m.verdict(s) == extract.KindHub {
			model[k].hub++
		}
	}
	slices.Sort(keys)
	lostMore := false
	fmt.Fprintf(w, "%-22s %6s %12s %12s\n", "corpus type", "pages", "rules hub", "model hub")
	for _, k := range keys {
		r, d := rules[k], model[k]
		fmt.Fprintf(w, "%-22s %6d %12d %12d", k, r.n, r.hub, d.hub)
		if strings.HasSuffix(k, " article") {
			lostMore = lostMore || d.hub > r.hub
			fmt.Fprintf(w, "   not hub %.4f -> %.4f", 1-float64(r.hub)/float64(r.n), 1-float64(d.hub)/float64(d.n))
		}
		fmt.Fprintln(w)
	}
	lr, lm, ln := 0, 0, 0
	for _, t := range []string{"wcxb listing", "wcxb collection"} {
		if rules[t] != nil {
			lr += rules[t].hub
			lm += model[t].hub
			ln += rules[t].n
		}
	}
	fmt.Fprintf(w, "wcxb listing+collection hub: rules %d/%d (%.4f), model %d/%d (%.4f)\n", lr, ln, float64(lr)/float64(max(ln, 1)), lm, ln, float64(lm)/float64(max(ln, 1)))
	return lm > lr && !lostMore
}

// render writes the generated Go file.
func (m *model) render(names []string) []byte {
	var b bytes.Buffer
	b.WriteString(`// Code generated by bench/cmd/trainkind; DO NOT EDIT.
//
// The page-kind model's weights (see kind_model.go). To regenerate after a
// change to the features or the evidence:
//
//	cd bench && go run ./cmd/trainkind -corpus /path/to/corpora
//
// (the corpora directory holds aeb, traf, wcxb and dates).

package extract

`)
	fmt.Fprintf(&b, "const kindModelBias = %s\n\n", num(m.bias))
	b.WriteString("// kindModelWeights are in the order of kindFeatures, in raw units.\n")
	b.WriteString("var kindModelWeights = [len(kindFeatures)]float64{\n")
	for i, n := range names {
		fmt.Fprintf(&b, "\t%s, // %s\n", num(m.w[i]), n)
	}
	b.WriteString("}\n\n")
	b.WriteString("// The log-odds at which the model overturns the rules' verdict.\nconst (\n")
	fmt.Fprintf(&b, "\tkindModelHubAbove     = %s\n", thr(m.hubAbove))
	fmt.Fprintf(&b, "\tkindModelArticleBelow = %s\n", thr(m.articleBelow))
	b.WriteString(")\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		panic(fmt.Sprintf("trainkind: generated source: %v", err)) // a bug in render
	}
	return src
}

// num prints a weight with 6 significant digits: enough for the verdicts,
// and stable across retrains on the same data.
func num(v float64) string {
	if v == 0 {
		return "0"
	}
	return fmt.Sprintf("%.6g", v)
}

func thr(v float64) string {
	switch {
	case v >= off:
		return "kindModelOff"
	case v <= -off:
		return "-kindModelOff"
	}
	return fmt.Sprintf("%.2f", v)
}

// cached is a sample as the -cache file holds it.
type cached struct {
	Corpus, ID, Type string
	Fold             int
	Sample           extract.KindSample
}

// loadCached is load, through the -cache file when one is named.
func loadCached(dir, cache string) ([]sample, error) {
	if cache != "" {
		if f, err := os.Open(cache); err == nil {
			defer f.Close()
			var cs []cached
			if err := gob.NewDecoder(f).Decode(&cs); err != nil {
				return nil, fmt.Errorf("cache %s: %w", cache, err)
			}
			ss := make([]sample, len(cs))
			for i, c := range cs {
				ss[i] = sample{corpus: c.Corpus, id: c.ID, typ: c.Type, fold: c.Fold, KindSample: c.Sample}
			}
			return ss, nil
		}
	}
	ss, err := load(dir)
	if err != nil || cache == "" {
		return ss, err
	}
	cs := make([]cached, len(ss))
	for i, s := range ss {
		cs[i] = cached{s.corpus, s.id, s.typ, s.fold, s.KindSample}
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(cs); err != nil {
		return nil, err
	}
	return ss, os.WriteFile(cache, b.Bytes(), 0o644)
}

// dumpTop prints the n pages of ss the rules do not call hubs with the
// highest log-odds, and the n hubs with the lowest: where the model would
// overturn first.
func dumpTop(w io.Writer, ss []*sample, m *model, n int) {
	var not, hub []*sample
	for _, s := range ss {
		if s.RuleKind == extract.KindHub {
			hub = append(hub, s)
		} else {
			not = append(not, s)
		}
	}
	by := func(a, b *sample) int { return cmp.Compare(m.logit(b.Features), m.logit(a.Features)) }
	slices.SortFunc(not, by)
	slices.SortFunc(hub, by)
	fmt.Fprintln(w, "-- not hub by the rules, highest log-odds:")
	for _, s := range not[:min(n, len(not))] {
		fmt.Fprintf(w, "  %+6.2f %-6s %-13s %s rule=%d\n", m.logit(s.Features), s.corpus, s.typ, s.id, s.RuleScore)
	}
	fmt.Fprintln(w, "-- hub by the rules, lowest log-odds:")
	for i := len(hub) - 1; i >= max(0, len(hub)-n); i-- {
		s := hub[i]
		fmt.Fprintf(w, "  %+6.2f %-6s %-13s %s rule=%d\n", m.logit(s.Features), s.corpus, s.typ, s.id, s.RuleScore)
	}
}

// node is a node of a regression tree: a leaf when feature < 0.
type node struct {
	feature     int
	threshold   float64 // go left when x[feature] <= threshold
	left, right int
	value       float64
}

type tree []node

func (t tree) eval(x []float64) float64 {
	i := 0
	for t[i].feature >= 0 {
		if x[t[i].feature] <= t[i].threshold {
			i = t[i].left
		} else {
			i = t[i].right
		}
	}
	return t[i].value
}

// Boosting settings.
var (
	gbtTrees = 150
	gbtDepth = 2
	gbtEta   = 0.1
	gbtMinH  = 2.0 // least hessian (about 8 pages at p=0.5) in a leaf
)

// gbt fits gradient-boosted trees on logistic loss over binned features.
func gbt(xs [][]float64, ys []float64) *model {
	n, d := len(xs), len(xs[0])
	// Candidate thresholds: up to 32 quantiles of each feature.
	cuts := make([][]float64, d)
	for j := range d {
		vals := make([]float64, n)
		for i := range xs {
			vals[i] = xs[i][j]
		}
		slices.Sort(vals)
		vals = slices.Compact(vals)
		if len(vals) <= 33 {
			cuts[j] = vals[:len(vals)-1]
			continue
		}
		for q := 1; q < 32; q++ {
			cuts[j] = append(cuts[j], vals[q*len(vals)/32])
		}
		cuts[j] = slices.Compact(cuts[j])
	}
	bins := make([][]uint8, n) // bins[i][j]: the first cut >= x
	for i, x := range xs {
		bins[i] = make([]uint8, d)
		for j, v := range x {
			k, _ := slices.BinarySearch(cuts[j], v)
			bins[i][j] = uint8(k)
		}
	}
	pos := 0.0
	for _, y := range ys {
		pos += y
	}
	base := math.Log(pos / (float64(n) - pos))
	f := make([]float64, n)
	for i := range f {
		f[i] = base
	}
	g, h := make([]float64, n), make([]float64, n)
	m := &model{bias: base}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	for range gbtTrees {
		for i := range n {
			p := 1 / (1 + math.Exp(-f[i]))
			g[i], h[i] = p-ys[i], p*(1-p)
		}
		var t tree
		var grow func(ids []int, depth int) int
		grow = func(ids []int, depth int) int {
			var G, H float64
			for _, i := range ids {
				G += g[i]
				H += h[i]
			}
			me := len(t)
			t = append(t, node{feature: -1, value: -gbtEta * G / (H + 1)})
			if depth == gbtDepth {
				return me
			}
			best, bf, bc := 1e-6, -1, 0
			score := G * G / (H + 1)
			var hg, hh [34]float64
			for j := range d {
				clear(hg[:])
				clear(hh[:])
				for _, i := range ids {
					hg[bins[i][j]] += g[i]
					hh[bins[i][j]] += h[i]
				}
				var gl, hl float64
				for c := range cuts[j] {
					gl += hg[c]
					hl += hh[c]
					gr, hr := G-gl, H-hl
					if hl < gbtMinH || hr < gbtMinH {
						continue
					}
					if gain := gl*gl/(hl+1) + gr*gr/(hr+1) - score; gain > best {
						best, bf, bc = gain, j, c
					}
				}
			}
			if bf < 0 {
				return me
			}
			var l, r []int
			for _, i := range ids {
				if int(bins[i][bf]) <= bc {
					l = append(l, i)
				} else {
					r = append(r, i)
				}
			}
			t[me].feature, t[me].threshold = bf, cuts[bf][bc]
			li := grow(l, depth+1)
			ri := grow(r, depth+1)
			t[me].left, t[me].right = li, ri
			return me
		}
		grow(idx, 0)
		for i := range n {
			f[i] += t.eval(xs[i])
		}
		m.trees = append(m.trees, t)
	}
	return m
}

// inspectFeatures prints, for each feature, how many of the listings the
// rules miss lie beyond the value that 99% (and all) of the articles stay
// under (or over): where single new evidence could help.
func inspectFeatures(w io.Writer, ss []sample, names []string) {
	var arts, missed []*sample
	for i := range ss {
		s := &ss[i]
		switch {
		case s.label() == 0:
			arts = append(arts, s)
		case s.label() == 1 && s.RuleKind != extract.KindHub:
			missed = append(missed, s)
		}
	}
	fmt.Fprintf(w, "%d articles, %d listings the rules miss\n", len(arts), len(missed))
	for j, n := range names {
		av := make([]float64, len(arts))
		for i, s := range arts {
			av[i] = s.Features[j]
		}
		slices.Sort(av)
		p99, p1, mx, mn := av[len(av)*99/100], av[len(av)/100], av[len(av)-1], av[0]
		hi99, hiAll, lo99, loAll := 0, 0, 0, 0
		for _, s := range missed {
			v := s.Features[j]
			if v > p99 {
				hi99++
			}
			if v > mx {
				hiAll++
			}
			if v < p1 {
				lo99++
			}
			if v < mn {
				loAll++
			}
		}
		fmt.Fprintf(w, "  %-18s above p99 %2d (all %2d)   below p1 %2d (all %2d)\n", n, hi99, hiAll, lo99, loAll)
	}
}

// oracle prints the model's best case on ss as a ranker alone: at the
// threshold (chosen on ss itself, so optimistic) that loses no more
// articles of ss than the rules do, how many listings it calls hubs.
func oracle(w io.Writer, ss []*sample, m *model) {
	lost, hubs := 0, 0
	type scored struct {
		z float64
		l int
	}
	var sc []scored
	for _, s := range ss {
		l := s.label()
		if l < 0 {
			continue
		}
		if s.RuleKind == extract.KindHub {
			if l == 0 {
				lost++
			} else {
				hubs++
			}
		}
		sc = append(sc, scored{m.logit(s.Features), l})
	}
	slices.SortFunc(sc, func(a, b scored) int { return cmp.Compare(b.z, a.z) })
	best, arts, pos := 0, 0, 0
	for i, s := range sc {
		if s.l == 0 {
			arts++
		} else {
			pos++
		}
		if arts <= lost && (i+1 == len(sc) || sc[i+1].z != s.z) {
			best = pos
		}
	}
	fmt.Fprintf(w, "ranking alone, threshold picked on this half: %d listings hub at %d articles lost (the rules: %d at %d)\n", best, lost, hubs, lost)
}
