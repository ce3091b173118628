package testsite

import (
	"fmt"
	"html"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// ThinkTank is a think tank's website over two hosts (the institute and its
// blog) with sections, tags, authors, an about page, events and a calendar,
// in two epochs: between them some articles are deleted (most of them no
// longer linked from anywhere, a few still linked from a stale tag page),
// some old unlinked ones and some recent ones edited, and new ones added.
// It knows which of its URLs are articles, so a test can measure junk in
// what a crawl archived.
type ThinkTank struct {
	Main, Blog *Host

	mu    sync.Mutex
	epoch int
	pages map[string]string // absolute URL -> HTML, this epoch
	gone  map[string]int    // absolute URL -> 404 or 410, this epoch
	arts  []*ttArticle
}

type ttArticle struct {
	host    *Host
	path    string
	section string // reports, commentary, posts (blog)
	title   string
	author  int
	tags    []int
	date    time.Time
	seed    uint64
	edited  bool // epoch 2 text differs
	deleted int  // epoch 2 status (404/410), 0 = kept
	stale   bool // deleted but still linked from a tag page in epoch 2
	added   bool // exists from epoch 2 only
}

func (a *ttArticle) URL() string { return a.host.URL + a.path }

var (
	ttAuthors = []string{"Amara Okafor", "Daniel Reyes", "Lena Fischer", "Samir Haddad", "Grace Mensah", "Tomasz Nowak", "Priya Raman", "Jonas Berg"}
	ttTags    = []string{"security", "trade", "climate", "elections", "migration", "energy", "health", "governance", "technology", "maritime"}
	ttTopics  = []string{"Coastal Security", "Regional Trade", "Climate Finance", "Electoral Reform", "Migration Routes", "Energy Transition", "Public Health", "Local Governance", "Digital Policy", "Maritime Borders"}
)

// ThinkTank deletion and edit counts between the epochs.
const (
	TTDeleted       = 13 // of which TTDeletedStale are still linked in epoch 2
	TTDeletedStale  = 4
	TTEditedOld     = 5 // edited and no longer linked
	TTEditedRecent  = 3
	TTAdded         = 20
	ttMainArticles  = 120
	ttBlogPosts     = 30
	ttListed        = 30 // epoch 2 lists only the newest per section
	ttPerPage       = 10
	ttCalendarMonth = 6
)

// NewThinkTank serves the site on main and blog, in epoch 1.
func NewThinkTank(main, blog *Host) *ThinkTank {
	tt := &ThinkTank{Main: main, Blog: blog}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	add := func(h *Host, section string, added bool) *ttArticle {
		i := n
		n++
		topic := ttTopics[i%len(ttTopics)]
		a := &ttArticle{host: h, section: section, author: (i * 7) % len(ttAuthors),
			tags: []int{i % len(ttTags), (i*3 + 1) % len(ttTags)}, date: base.Add(time.Duration(i) * 50 * time.Hour),
			seed: uint64(1000 + i), added: added}
		a.title = fmt.Sprintf("%s after the %d review: what changes for the region", topic, 2000+i)
		slug := strings.ToLower(strings.NewReplacer(" ", "-", ":", "", ",", "").Replace(a.title))
		if section == "posts" {
			a.path = "/posts/" + slug
		} else {
			a.path = "/" + section + "/" + slug + "/"
		}
		tt.arts = append(tt.arts, a)
		return a
	}
	for i := range ttMainArticles + ttBlogPosts {
		switch {
		case i%5 == 4:
			add(blog, "posts", false)
		case i%2 == 0:
			add(main, "reports", false)
		default:
			add(main, "commentary", false)
		}
	}
	for i := range TTAdded {
		sec := []string{"reports", "commentary", "posts"}[i%3]
		h := main
		if sec == "posts" {
			h = blog
		}
		add(h, sec, true)
	}
	// Epoch 2 changes, chosen by position (oldest first): deleted old
	// articles, stale-linked deletions, old and recent edits.
	old := tt.arts[:ttMainArticles+ttBlogPosts]
	for i := range TTDeleted {
		a := old[3+i*5]
		a.deleted = []int{http.StatusNotFound, http.StatusGone}[i%2]
		a.stale = i < TTDeletedStale
	}
	for i, k := 0, 4; i < TTEditedOld; k += 7 {
		if old[k].deleted == 0 {
			old[k].edited = true
			i++
		}
	}
	for i := range TTEditedRecent {
		old[len(old)-2-i*3].edited = true
	}
	tt.SetEpoch(1)
	for _, h := range []*Host{main, blog} {
		h.HandlePrefix("/", tt.serve)
	}
	return tt
}

// Articles are the URLs of the articles that exist in the current epoch.
func (tt *ThinkTank) Articles() []string {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	var out []string
	for _, a := range tt.arts {
		if tt.exists(a) {
			out = append(out, a.URL())
		}
	}
	return out
}

// IsArticle reports whether u is one of the site's articles (in any epoch).
func (tt *ThinkTank) IsArticle(u string) bool {
	for _, a := range tt.arts {
		if a.URL() == u {
			return true
		}
	}
	return false
}

// Deleted are the URLs deleted in epoch 2; Edited those edited.
func (tt *ThinkTank) Deleted() (out []string) {
	for _, a := range tt.arts {
		if a.deleted != 0 {
			out = append(out, a.URL())
		}
	}
	return out
}

// Edited are the articles whose text changes in epoch 2.
func (tt *ThinkTank) Edited() (out []string) {
	for _, a := range tt.arts {
		if a.edited {
			out = append(out, a.URL())
		}
	}
	return out
}

func (tt *ThinkTank) exists(a *ttArticle) bool {
	if tt.epoch == 1 {
		return !a.added
	}
	return a.deleted == 0
}

func (tt *ThinkTank) serve(w http.ResponseWriter, r *http.Request) {
	u := "http://" + r.Host + r.URL.Path
	tt.mu.Lock()
	body, ok := tt.pages[u]
	code := tt.gone[u]
	tt.mu.Unlock()
	switch {
	case ok:
		StaticPage("text/html; charset=utf-8", body).ServeHTTP(w, r)
	case code != 0:
		http.Error(w, http.StatusText(code), code)
	default:
		http.NotFound(w, r)
	}
}

// SetEpoch switches the site to epoch 1 or 2.
func (tt *ThinkTank) SetEpoch(e int) {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	tt.epoch = e
	tt.pages, tt.gone = map[string]string{}, map[string]int{}
	var live []*ttArticle
	for _, a := range tt.arts {
		if tt.exists(a) {
			live = append(live, a)
		} else if e == 2 && a.deleted != 0 {
			tt.gone[a.URL()] = a.deleted
		}
	}
	sort.Slice(live, func(i, j int) bool { return live[i].date.After(live[j].date) })
	listed := func(as []*ttArticle) []*ttArticle {
		if e == 2 && len(as) > ttListed {
			return as[:ttListed] // the redesign lists only recent work
		}
		return as
	}
	bySection := map[string][]*ttArticle{}
	for _, a := range live {
		bySection[a.section] = append(bySection[a.section], a)
	}
	m, b := tt.Main.URL, tt.Blog.URL
	// Articles.
	for _, a := range live {
		seed := a.seed
		if e == 2 && a.edited {
			seed += 50_000
		}
		related := []string{m + "/tags/" + ttTags[a.tags[0]] + "/", m + "/tags/" + ttTags[a.tags[1]] + "/", m + "/authors/" + ttSlug(ttAuthors[a.author]) + "/"}
		tt.pages[a.URL()] = ArticleHTML(a.title, ttAuthors[a.author], a.date.Format("2006-01-02"), seed, 450, 0, related...)
	}
	// Sections, paginated.
	for _, sec := range []string{"reports", "commentary"} {
		as := listed(bySection[sec])
		for p := 0; p*ttPerPage < len(as) || p == 0; p++ {
			path := fmt.Sprintf("%s/%s/", m, sec)
			if p > 0 {
				path = fmt.Sprintf("%s/%s/page/%d/", m, sec, p+1)
			}
			var next string
			if (p+1)*ttPerPage < len(as) {
				next = fmt.Sprintf("%s/%s/page/%d/", m, sec, p+2)
			}
			tt.pages[path] = ttListing(m, strings.Title(sec), "", as[p*ttPerPage:min((p+1)*ttPerPage, len(as))], next)
		}
	}
	tt.pages[m+"/research/"] = tt.pages[m+"/reports/"]
	// Tags and authors: every article in epoch 1, the recent ones in
	// epoch 2, and one stale tag page that still links its deleted pieces.
	for ti, tag := range ttTags {
		var as []*ttArticle
		for _, a := range tt.arts {
			if (tt.exists(a) || (e == 2 && a.stale && a.tags[0] == ti)) && (a.tags[0] == ti || a.tags[1] == ti) {
				as = append(as, a)
			}
		}
		sort.Slice(as, func(i, j int) bool { return as[i].date.After(as[j].date) })
		if e == 2 {
			keep := as[:0]
			for i, a := range as {
				if i < 8 || (a.stale && a.tags[0] == ti) {
					keep = append(keep, a)
				}
			}
			as = keep
		}
		tt.pages[m+"/tags/"+tag+"/"] = ttListing(m, "Topic: "+strings.Title(tag), fmt.Sprintf("Our work on %s: analysis, commentary and events.", tag), as, "")
	}
	for ai, name := range ttAuthors {
		var as []*ttArticle
		for _, a := range live {
			if a.author == ai {
				as = append(as, a)
			}
		}
		if e == 2 && len(as) > 6 {
			as = as[:6]
		}
		bio := fmt.Sprintf("%s is a senior fellow at the Institute. %s", name, strings.Join(Prose(uint64(ai+77), 45), " "))
		tt.pages[m+"/authors/"+ttSlug(name)+"/"] = ttListing(m, name, bio, as, "")
	}
	// Home, about, events and the calendar.
	home := live
	if len(home) > 12 {
		home = home[:12]
	}
	tt.pages[m+"/"] = ttListing(m, "The Institute for Regional Policy", "Independent research on the region's politics, economy and security.", home, "")
	tt.pages[m+"/about/"] = ttAbout(m)
	tt.pages[m+"/events/"] = ttEvents(m, live)
	for mo := range ttCalendarMonth {
		month := time.Date(2025, time.Month(mo+1), 1, 0, 0, 0, 0, time.UTC)
		tt.pages[fmt.Sprintf("%s/events/calendar/%s/", m, month.Format("2006-01"))] = ttCalendar(m, month, live)
	}
	// The blog.
	tt.pages[b+"/"] = ttListing(b, "Institute Blog", "Shorter pieces from our fellows.", listed(bySection["posts"]), "")
}

func ttSlug(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "-")) }

func ttHead(title string) string {
	return fmt.Sprintf(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s | Institute for Regional Policy</title>
<meta property="og:type" content="website"><meta property="og:title" content="%s"></head><body>`, html.EscapeString(title), html.EscapeString(title))
}

func ttNav(m string) string {
	return fmt.Sprintf(`<header><a class="logo" href="%[1]s/">Institute for Regional Policy</a><nav><ul><li><a href="%[1]s/reports/">Reports</a></li><li><a href="%[1]s/commentary/">Commentary</a></li><li><a href="%[1]s/events/">Events</a></li><li><a href="%[1]s/about/">About</a></li></ul></nav></header>`, m)
}

func ttFoot(m string) string {
	return fmt.Sprintf(`<footer><p>© 2025 Institute for Regional Policy. <a href="%s/about/">About us</a></p></footer></body></html>`, m)
}

// ttListing is a section, tag, author or home page: a heading, an optional
// introduction and teasers with date, author, excerpt and tags.
func ttListing(m, title, intro string, as []*ttArticle, next string) string {
	var b strings.Builder
	b.WriteString(ttHead(title) + ttNav(m))
	fmt.Fprintf(&b, "<main><h1>%s</h1>\n", html.EscapeString(title))
	if intro != "" {
		fmt.Fprintf(&b, "<p class=\"intro\">%s</p>\n", html.EscapeString(intro))
	}
	for _, a := range as {
		excerpt := strings.Join(strings.Fields(Prose(a.seed, 40)[0])[:30], " ")
		fmt.Fprintf(&b, `<div class="teaser"><h3><a href="%s">%s</a></h3><p class="meta"><time datetime="%s">%s</time> · <a href="%s/authors/%s/">%s</a></p><p>%s…</p><p class="tags"><a href="%s/tags/%s/">%s</a> <a href="%s/tags/%s/">%s</a></p></div>`+"\n",
			a.URL(), html.EscapeString(a.title), a.date.Format("2006-01-02"), a.date.Format("2 January 2006"), m, ttSlug(ttAuthors[a.author]), ttAuthors[a.author],
			excerpt, m, ttTags[a.tags[0]], ttTags[a.tags[0]], m, ttTags[a.tags[1]], ttTags[a.tags[1]])
	}
	if next != "" {
		fmt.Fprintf(&b, `<nav class="pagination"><a rel="next" href="%s">Next page</a></nav>`, next)
	}
	b.WriteString("</main>" + ttFoot(m))
	return b.String()
}

func ttAbout(m string) string {
	var b strings.Builder
	b.WriteString(ttHead("About the Institute") + ttNav(m))
	b.WriteString("<main><h1>About the Institute</h1>\n<p>The Institute for Regional Policy is an independent, non-partisan research organisation founded in 1998.</p>\n")
	b.WriteString("<h2>Our mission</h2>\n")
	for _, p := range Prose(4242, 160) {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	b.WriteString("<h2>Contact</h2>\n<p>Institute for Regional Policy, 12 Harbour Road. Email: info@example.org. Telephone: +1 555 0100.</p>\n")
	fmt.Fprintf(&b, "<h2>Our people</h2><ul>")
	for _, name := range ttAuthors {
		fmt.Fprintf(&b, `<li><a href="%s/authors/%s/">%s</a>, senior fellow</li>`, m, ttSlug(name), name)
	}
	b.WriteString("</ul></main>" + ttFoot(m))
	return b.String()
}

func ttEvents(m string, live []*ttArticle) string {
	var b strings.Builder
	b.WriteString(ttHead("Events") + ttNav(m))
	b.WriteString("<main><h1>Events</h1>\n<p>Briefings, panels and launches. All times local.</p>\n<ul class=\"calendar-months\">")
	for mo := range ttCalendarMonth {
		month := time.Date(2025, time.Month(mo+1), 1, 0, 0, 0, 0, time.UTC)
		fmt.Fprintf(&b, `<li><a href="%s/events/calendar/%s/">%s</a></li>`, m, month.Format("2006-01"), month.Format("January 2006"))
	}
	b.WriteString("</ul>\n")
	for i, a := range live[:min(8, len(live))] {
		fmt.Fprintf(&b, `<div class="event"><h3>Launch: %s</h3><p class="when">%s, 14:00–15:30 · Conference room %d</p><p>Join the authors for a discussion of the findings, followed by questions from the audience.</p><p><a href="%s">Read the report</a> · <a href="%s/events/register/%d">Register</a></p></div>`+"\n",
			html.EscapeString(a.title), time.Date(2025, time.Month(i%6+1), 3+i*2, 0, 0, 0, 0, time.UTC).Format("Monday 2 January 2006"), i%3+1, a.URL(), m, i)
	}
	b.WriteString("</main>" + ttFoot(m))
	return b.String()
}

func ttCalendar(m string, month time.Time, live []*ttArticle) string {
	var b strings.Builder
	title := "Events calendar: " + month.Format("January 2006")
	b.WriteString(ttHead(title) + ttNav(m))
	fmt.Fprintf(&b, "<main><h1>%s</h1>\n<table class=\"calendar\"><tr><th>Mon</th><th>Tue</th><th>Wed</th><th>Thu</th><th>Fri</th><th>Sat</th><th>Sun</th></tr><tr>", html.EscapeString(title))
	wd := (int(month.Weekday()) + 6) % 7
	for range wd {
		b.WriteString("<td></td>")
	}
	days := month.AddDate(0, 1, -1).Day()
	for d := 1; d <= days; d++ {
		fmt.Fprintf(&b, "<td><span class=\"day\">%d</span>", d)
		if d%9 == 3 {
			a := live[(d+int(month.Month()))%len(live)]
			fmt.Fprintf(&b, `<a class="event" href="%s">Briefing: %s</a>`, a.URL(), html.EscapeString(a.title))
		}
		b.WriteString("</td>")
		if (wd+d)%7 == 0 {
			b.WriteString("</tr><tr>")
		}
	}
	prev, next := month.AddDate(0, -1, 0), month.AddDate(0, 1, 0)
	fmt.Fprintf(&b, `</tr></table><nav><a href="%s/events/calendar/%s/">Previous month</a> <a href="%s/events/calendar/%s/">Next month</a></nav></main>`, m, prev.Format("2006-01"), m, next.Format("2006-01"))
	b.WriteString(ttFoot(m))
	return b.String()
}
