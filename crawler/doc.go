// Package crawler fetches what researchers point it at, on colly, passes
// each page through extract and records it in the archive.
//
// # Basics
//
// A Source (one [[source]] of a sources file, see LoadConfig) names seeds,
// feeds and sitemaps, a scope (allow/deny regexps, default: the seeds'
// hosts), depth and page bounds, and per-host politeness. New(a, src, opts)
// prepares a crawler; Run(ctx) crawls until the frontier is empty, the page
// budget is spent or ctx is cancelled, and returns a Summary. Every run is
// recorded in the archive (StartRun/FinishRun). Scheduler runs sources on
// cron schedules for `archivist serve`.
//
// Per page: robots.txt is checked (fetched once per host per run, with its
// Crawl-delay and Sitemap: lines; one that cannot be read, by a 5xx or a
// network error, keeps the host out until the next run); known pages are fetched conditionally
// (ETag/Last-Modified from the archive); 429/5xx and transient network
// errors are retried with backoff honouring Retry-After; HTML is extracted;
// only articles and documents are archived: hubs and other pages
// (Article.Kind hub, page) are followed and logged (Options.KeepHubs keeps
// them); challenge pages,
// paywall/login stubs, soft 404s and empty extractions are recorded with
// archive.RecordFailure; articles with archive.Record. Links, advertised
// feeds and sitemap/feed entries go to the frontier, at most
// Source.MaxQueued of them (newest sitemap and feed entries first); a
// sitemap whose bytes are unchanged since it was last read in full does not
// queue its pages again.
//
// After the crawl proper, a revisit pass re-checks (conditionally) archived
// pages the run did not reach, most overdue first, within a budget
// (Source.Revisit, Source.RevisitBudget): 404/410 mark them gone, edits
// become new versions. Each archived page has an interval in the source's
// crawl state ("crawlstate/<source>") that halves when it changed and grows
// by half when it did not, as in Nutch's adaptive fetch schedule.
//
// Documents (documents.go): PDF links on pages (.pdf hrefs, type
// application/pdf, link text naming a PDF, citation_pdf_url) are queued
// as leaves (an archived page's one hop past it even at max_depth, as part
// of it; a hub's within max_depth, as links), and any response typed application/pdf is extracted by
// extract/pdf and recorded as a page of kind "document", within
// Source.MaxPDFBytes; Source.PDFs = false turns this off. The page lists
// them in Article.Documents; the archive's "doclinks" KV remembers the
// referrers, copied to the document's Article.LinkedFrom. A page answering
// 304 queues its archived version's documents again. A PDF without text is
// a failed capture.
//
// # Guarantees
//
//   - The frontier and the seen set live in the archive's KV (namespace
//     "crawler/<source>"), implementing colly's queue.Storage and
//     storage.Storage, so memory stays flat as the frontier grows.
//   - A frontier entry is removed in the same KV batch that queues what it
//     led to, and a page recorded since the crawl began is not fetched
//     again: after Ctrl-C, kill -9 or a power cut, the next Run resumes
//     without re-fetching finished pages and without losing queued ones.
//   - Cancelling ctx stops new fetches at once, aborts those in flight
//     (their entries stay queued) and returns after recording what was
//     already fetched; the run is recorded as interrupted.
//   - Loopback, private, link-local and CGNAT addresses are refused at dial
//     time (the check runs on the resolved address, so redirects and DNS
//     answers are covered) unless Options.AllowPrivate. Only http and https.
//   - One fetch per page: URLs are normalised with archive.NormalizeURL and
//     the final URL and canonical link of a fetched page are marked seen.
//   - The environment is never read (colly.NewCollector's COLLY_* variables
//     are bypassed); configuration comes from Source and Options only.
//
// # Caveats
//
//   - Run drives its own worker loop over the frontier instead of colly's
//     queue.Queue, whose Stop neither drains nor waits for requests in
//     flight and which dequeues before a fetch finishes (losing it on a
//     crash). Fetching, limits, redirects and body limits are colly's.
//   - Each host's concurrency bounds its fetches, not the pages in work:
//     Run keeps twice as many workers (Options.Workers), so the fetch
//     slots stay busy while other pages are extracted or wait on an archive
//     commit. Programs that crawl should call ExtraProc at start; without
//     it, on few cores, the archive's committer waits behind extraction
//     for a CPU and throughput drops by about an eighth (0.69 → 0.61 of
//     bare colly's pages/s in BenchmarkThroughput on 2 cores).
//   - A completed run forgets its frontier; the next run starts from the
//     seeds again (re-fetching conditionally). Pages that failed are queued
//     first from the previous run's failure list (bounded).
//   - Politeness is per host:port and by the clock: the delay (or a larger
//     robots.txt Crawl-delay) is the least time between the moments two
//     requests to a host are written, whatever the concurrency, which only
//     caps requests in flight. Redirect hops are gated by their own host.
//   - Revisits only know pages archived since they were introduced (the
//     crawl state is the crawler's own); a sitemap cut by MaxQueued is read
//     in full again next run, and its newest entries come first each time.
//   - Articles answering 304 are not re-parsed, so links found only on
//     unchanged articles are not followed again; hubs, feeds and sitemaps
//     carry discovery on re-crawls.
//   - Feeds advertised with <link rel=alternate> are followed from hubs and
//     seeds only (not every article's comment feed).
//   - Failed-capture detection uses generic markers (WAF vendors, paywall
//     plugins, error templates); an unusual challenge page can pass as
//     content, and a very short genuine article can count as empty.
package crawler
