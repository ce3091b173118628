package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/archivist-org/archivist/crawler"
	"github.com/archivist-org/archivist/extract"
	"github.com/archivist-org/archivist/extract/pdf"
	"github.com/archivist-org/archivist/internal/termsafe"
)

// Output formats of `archivist extract`.
const (
	formatText     = "text"
	formatMarkdown = "markdown"
	formatJSON     = "json"
	formatJSONL    = "jsonl"
)

// extractOptions are the flags of `archivist extract`.
type extractOptions struct {
	URL          string        // page URL of the single file/stdin input
	Format       string        // text, markdown, json or jsonl
	KeepCaptions bool          // keep image captions and credits
	Timeout      time.Duration // per-URL fetch timeout
	MaxBytes     int           // input size limit (after gunzip)
	MaxPDFBytes  int           // size limit of a PDF input
	Jobs         int           // inputs processed at once; 0 = number of CPUs
	AllowPrivate bool          // fetch loopback, private and link-local addresses

	// Stdin is read for the input "-"; nil means os.Stdin. Not a flag: tests
	// set it.
	Stdin io.Reader
	// Client fetches URL inputs; nil means a client with Timeout.
	Client *http.Client
}

// AddFlags registers the flags on f.
func (o *extractOptions) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&o.URL, "url", "", "page URL of the input (resolves links, feeds URL heuristics); only with a single input")
	f.StringVarP(&o.Format, "format", "f", formatText, "output format: text, markdown, json or jsonl")
	f.BoolVar(&o.KeepCaptions, "keep-captions", false, "keep image captions and credits in the text")
	f.DurationVar(&o.Timeout, "timeout", 30*time.Second, "timeout for fetching each http(s) input")
	f.BoolVar(&o.AllowPrivate, "allow-private", false, "allow http(s) inputs on loopback, private and link-local addresses (refused by default, as by crawl)")
	f.IntVar(&o.MaxBytes, "max-bytes", extract.DefaultMaxBytes, "reject inputs larger than this many bytes (after gunzip)")
	f.IntVar(&o.MaxPDFBytes, "max-pdf-bytes", pdf.DefaultMaxBytes, "reject PDF inputs larger than this many bytes")
	f.IntVarP(&o.Jobs, "jobs", "j", 0, "inputs processed at once (0 = number of CPUs); output stays in input order")
}

func newExtractCommand() *cobra.Command {
	var opts extractOptions
	cmd := &cobra.Command{
		Use:   "extract [flags] INPUT...",
		Short: "Extract the clean article text and metadata from HTML pages and PDFs",
		Long: `Extract turns HTML pages into articles: the clean body text (no navigation,
share rows, view counters, captions, pull quotes...) and its metadata (title,
authors, published date and where it came from, site, language, topics,
translations, the original's URL for syndicated copies, page kind).

A PDF input (recognised by its %PDF- header, whatever its name) becomes a
"document": its text in reading order (columns one after the other, running
heads, feet and page numbers removed, hyphenated words joined), title,
authors and dates from its metadata or first page, language and page count.
A PDF without a text layer (a scan) fails with "no text layer": OCR is out
of scope. The PDF engine starts on the first PDF and takes a few seconds.

Each INPUT is one of:
  FILE       an HTML or PDF file; FILE.gz (or any gzip data) is decompressed
  URL        an http:// or https:// URL, fetched once (see --timeout); the
             Content-Type header is used for the charset; loopback, private
             and link-local addresses are refused unless --allow-private
  -          standard input

--url gives the page URL of a FILE or - input: links are resolved against it
and URL-based rules (dates in the path, syndication) use it. It is only valid
with a single input. URL inputs use their final URL after redirects.

Formats (--format):
  text       title line, metadata lines ("Authors: ..."), a blank line, the
             text; with several inputs each starts with "==> INPUT <=="
  markdown   "# title", metadata lines, then the body as markdown
  json       one pretty-printed JSON object per input, in input order
  jsonl      one JSON object a line per input, in input order

JSON objects carry "source" (the INPUT as given) and the article fields
documented in docs/schema.md; a failed input has "source" and "error" only.

Inputs are processed concurrently (--jobs) but printed in input order. A
failing input is reported on standard error (and as "error" in JSON
formats); the others still go on, and the exit status is 1. An input with
no article text (an empty file, an empty body, a page assembled by
JavaScript) fails as an "empty extraction", which is what a crawl records
for such a page; a page that is only lists of links (a sitemap, an index
of publications) is printed as what a crawl follows it as, kind hub.
` + exitCodesHelp,
		Example: `  archivist extract testdata/sample/article.html --url https://www.sahelcentre.example/analysis/solar-pumps-herders-sahel/
  archivist extract --format json page.html.gz
  curl -s https://example.org/a | archivist extract --url https://example.org/a -
  archivist extract -f jsonl saved/*.html > articles.jsonl
  archivist extract --format markdown report.pdf`,
		RunE: func(c *cobra.Command, args []string) error {
			return runExtract(c.Context(), opts, args, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	opts.AddFlags(cmd.Flags())
	return cmd
}

// extractResult is one input's outcome, also its JSON record: "source" then
// the article's fields, or "source" and "error".
type extractResult struct {
	Source string `json:"source"`
	Error  string `json:"error,omitempty"`
	*extract.Article
}

// runExtract extracts every input and prints the results in input order.
// It returns a silentError when some inputs failed (each already reported).
func runExtract(ctx context.Context, opts extractOptions, args []string, stdout, stderr io.Writer) error {
	if err := checkExtractArgs(&opts, args); err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	p := newArticlePrinter(opts.Format, stdout, len(args) > 1)

	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	jobs = min(jobs, len(args))

	// Workers fill results[i]; the printer below waits on done[i] in order,
	// so output order never depends on which input finishes first.
	results := make([]extractResult, len(args))
	done := make([]chan struct{}, len(args))
	for i := range done {
		done[i] = make(chan struct{})
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range jobs {
		wg.Go(func() {
			for i := range next {
				art, err := extractInput(ctx, &opts, args[i])
				results[i] = extractResult{Source: args[i], Article: art}
				if err != nil {
					results[i] = extractResult{Source: args[i], Error: err.Error()}
				}
				close(done[i])
			}
		})
	}
	go func() {
		defer close(next)
		for i := range args {
			select {
			case next <- i:
			case <-ctx.Done():
				for j := i; j < len(args); j++ {
					results[j] = extractResult{Source: args[j], Error: ctx.Err().Error()}
					close(done[j])
				}
				return
			}
		}
	}()

	failed := 0
	var outErr error
	for i := range args {
		<-done[i]
		r := &results[i]
		if r.Error != "" {
			failed++
			fmt.Fprintf(stderr, "archivist extract: %s: %s\n", r.Source, r.Error)
		}
		if outErr == nil {
			outErr = p.print(r)
		}
	}
	wg.Wait()
	if outErr == nil {
		outErr = p.flush()
	}
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case outErr != nil:
		return fmt.Errorf("extract: writing output: %w", outErr)
	case failed > 0:
		return silentError{fmt.Errorf("extract: %d of %d inputs failed", failed, len(args))}
	}
	return nil
}

func checkExtractArgs(opts *extractOptions, args []string) error {
	if len(args) == 0 {
		return usageError{errors.New("extract: need at least one INPUT (a file, an http(s) URL, or - for stdin)")}
	}
	if err := oneOf("format", opts.Format, formatText, formatMarkdown, formatJSON, formatJSONL); err != nil {
		return err
	}
	if err := atLeast("jobs", opts.Jobs, 0); err != nil {
		return err
	}
	if opts.URL != "" {
		if len(args) > 1 {
			return usageError{errors.New("extract: --url is only valid with a single INPUT")}
		}
		u, err := url.Parse(opts.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError{fmt.Errorf("extract: --url %q is not an absolute http(s) URL", opts.URL)}
		}
	}
	stdins := 0
	for _, a := range args {
		if a == "-" {
			stdins++
		}
	}
	if stdins > 1 {
		return usageError{errors.New("extract: standard input (-) can be given only once")}
	}
	if opts.Timeout <= 0 {
		return usageError{fmt.Errorf("--timeout %s: want more than 0", opts.Timeout)}
	}
	return nil
}

// extractInput reads one INPUT and extracts it.
func extractInput(ctx context.Context, opts *extractOptions, input string) (*extract.Article, error) {
	raw, pageURL, contentType, err := readInput(ctx, opts, input)
	if err != nil {
		return nil, err
	}
	if opts.URL != "" {
		pageURL = opts.URL
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("%s: the input is empty", emptyExtraction)
	}
	if pdf.IsPDF(raw) {
		return pdf.Extract(ctx, raw, pageURL, &pdf.Options{MaxBytes: opts.MaxPDFBytes})
	}
	art, err := extract.FromHTML(raw, pageURL, &extract.Options{
		ContentType:  contentType,
		KeepCaptions: opts.KeepCaptions,
		MaxBytes:     opts.MaxBytes,
	})
	// A hub (a page that is only lists of links) has no article text
	// either, but a crawl follows it rather than record a failure: it is
	// printed, with its kind.
	if err == nil && strings.TrimSpace(art.Text) == "" && art.Kind != extract.KindHub {
		return nil, fmt.Errorf("%s: no article text found", emptyExtraction)
	}
	return art, err
}

// emptyExtraction is what the crawler records for a page with no article
// text (a failed capture, never a version); extract says the same and
// fails the input rather than print an "article" of 0 words.
const emptyExtraction = "empty extraction"

func isHTTPInput(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// readInput returns the page bytes (gunzipped), its URL when known and the
// Content-Type header of a fetched page.
func readInput(ctx context.Context, opts *extractOptions, input string) (raw []byte, pageURL, contentType string, err error) {
	switch {
	case input == "-":
		in := opts.Stdin
		if in == nil {
			in = os.Stdin
		}
		raw, err = readLimited(in, inputLimit(opts))
	case isHTTPInput(input):
		return fetchInput(ctx, opts, input)
	default:
		var f *os.File
		f, err = os.Open(input)
		if err != nil {
			return nil, "", "", err
		}
		defer f.Close()
		raw, err = readLimited(f, inputLimit(opts))
	}
	return raw, "", "", err
}

// readLimited reads r, transparently gunzipping it (detected by its magic
// bytes, not the file name, so stdin and misnamed files work too). It stops
// after limit bytes of content so a huge file or a gzip bomb can't exhaust
// memory.
func readLimited(r io.Reader, limit int) ([]byte, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		defer zr.Close()
		r = zr
	} else {
		r = br
	}
	if limit <= 0 {
		return io.ReadAll(r)
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes (see --max-bytes)", extract.ErrTooLarge, limit)
	}
	return b, nil
}

// fetchInput GETs an http(s) input. Non-2xx statuses are errors.
func fetchInput(ctx context.Context, opts *extractOptions, rawURL string) ([]byte, string, string, error) {
	client := opts.Client
	if client == nil {
		client = &http.Client{Timeout: opts.Timeout, Transport: crawler.NewTransport(opts.AllowPrivate, opts.Timeout)}
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, "", "", err
	}
	req.Header.Set("User-Agent", "archivist/"+extract.Version+" (extract)")
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	resp, err := client.Do(req)
	if errors.Is(err, crawler.ErrPrivateAddress) {
		where := ""
		if ue := (*url.Error)(nil); errors.As(err, &ue) && ue.URL != rawURL {
			where = " redirected to " + ue.URL + ","
		}
		return nil, "", "", fmt.Errorf("not fetched:%s a loopback, private or link-local address (--allow-private allows it)", where)
	}
	if err != nil {
		return nil, "", "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, "", "", fmt.Errorf("HTTP %s", resp.Status)
	}
	// net/http already undoes Content-Encoding: gzip; readLimited also
	// handles a .gz file served as is.
	raw, err := readLimited(resp.Body, inputLimit(opts))
	if err != nil {
		return nil, "", "", err
	}
	return raw, resp.Request.URL.String(), resp.Header.Get("Content-Type"), nil
}

// articlePrinter writes results in one output format.
type articlePrinter struct {
	format string
	w      *bufio.Writer
	multi  bool // several inputs: separate them
	n      int  // results printed so far
}

func newArticlePrinter(format string, w io.Writer, multi bool) *articlePrinter {
	return &articlePrinter{format: format, w: bufio.NewWriter(w), multi: multi}
}

func (p *articlePrinter) flush() error { return p.w.Flush() }

func (p *articlePrinter) print(r *extractResult) error {
	defer func() { p.n++ }()
	switch p.format {
	case formatJSON, formatJSONL:
		var b []byte
		var err error
		if p.format == formatJSON {
			b, err = json.MarshalIndent(r, "", "  ")
		} else {
			b, err = json.Marshal(r)
		}
		if err != nil {
			return err
		}
		p.w.Write(b)
		p.w.WriteByte('\n')
	default:
		// Failed inputs appear on stderr only in the human formats.
		if r.Article == nil {
			return nil
		}
		if p.format == formatMarkdown {
			p.markdown(r)
		} else {
			p.text(r)
		}
	}
	// Flush per result so a long run shows progress and a pipe reader
	// (head, jq) sees complete records early.
	return p.w.Flush()
}

func (p *articlePrinter) text(r *extractResult) {
	a := r.Article
	if p.n > 0 {
		p.w.WriteString("\n")
	}
	if p.multi {
		fmt.Fprintf(p.w, "==> %s <==\n", termsafe.Line(r.Source))
	}
	writeArticleText(p.w, a.Title, metaLines(a), a.Text)
}

func (p *articlePrinter) markdown(r *extractResult) {
	a := r.Article
	if p.n > 0 {
		p.w.WriteString("\n---\n\n")
	}
	if p.multi {
		fmt.Fprintf(p.w, "<!-- source: %s -->\n\n", termsafe.Line(r.Source))
	}
	writeArticleMarkdown(p.w, a.Title, metaLines(a), a.Markdown)
}

// metaLines are the metadata shown in text and markdown output, empty
// fields left out.
func metaLines(a *extract.Article) [][2]string {
	var out [][2]string
	add := func(k, v string) {
		if v != "" {
			out = append(out, [2]string{k, v})
		}
	}
	add("Authors", strings.Join(a.Authors, "; "))
	pub := a.Published
	if pub != "" && a.DateSource != "" {
		pub += " (from " + a.DateSource + ")"
	}
	add("Published", pub)
	add("Modified", a.Modified)
	add("Site", a.SiteName)
	add("Language", a.Language)
	add("URL", a.URL)
	if a.CanonicalURL != a.URL {
		add("Canonical", a.CanonicalURL)
	}
	src := a.SourceURL
	if src != "" && a.SourceURLFrom != "" {
		src += " (from " + a.SourceURLFrom + ")"
	}
	add("Source", src)
	add("Republished", a.Republished)
	add("Topics", strings.Join(a.Topics, ", "))
	if a.Kind != "" && a.Kind != extract.KindArticle {
		add("Kind", a.Kind)
	}
	if a.WordCount > 0 {
		add("Words", fmt.Sprint(a.WordCount))
	}
	if a.Pages > 0 {
		add("Pages", fmt.Sprint(a.Pages))
	}
	add("Documents", strings.Join(a.Documents, " "))
	add("Linked from", strings.Join(a.LinkedFrom, " "))
	return out
}

// inputLimit is how much of an input is read: the larger of the HTML and
// PDF limits, since the kind is known only from the bytes. Each extractor
// then applies its own limit.
func inputLimit(opts *extractOptions) int {
	if opts.MaxBytes < 0 || opts.MaxPDFBytes < 0 {
		return -1
	}
	return max(opts.MaxBytes, opts.MaxPDFBytes)
}
