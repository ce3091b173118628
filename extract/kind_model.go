package extract

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The page-kind model: a small logistic regression over the evidence the
// hand rules weigh (kindEvidence), a few more readings of the URL's shape,
// and the rules' own score. It answers one question, how likely the page
// is a hub (a listing), from general evidence only: no word learned from
// a corpus's URLs, titles or sites. Its weights are in kind_model_gen.go,
// written by bench/cmd/trainkind from the corpora (see that file's
// header to regenerate).
//
// The trainer lets the model overturn the rules only when, trained on one
// half of the corpora, it beats them on the other half both ways without
// losing an article more on any corpus. It has not so far (see
// docs/extraction.md): the listings the rules miss look like articles in
// every piece of evidence here, and the thresholds are kindModelOff.

//go:generate sh -c "cd ../bench && go run ./cmd/trainkind -corpus ${ARCHIVIST_CORPUS:-../../shared/corpus}"

// kindFeature is one input of the model: a name for the explanation and
// how it is read off the evidence.
type kindFeature struct {
	name string
	get  func(e *kindEvidence, u *urlShape) float64
}

// urlShape is what the model reads in a URL's path and query beyond the
// rules' patterns.
type urlShape struct {
	depth     int  // non-empty path segments
	slugWords int  // words of the last segment (split at - and _)
	lastLen   int  // bytes of the last segment
	lastNum   bool // the last segment is a number (an id, or page/2)
	longNum   bool // five or more digits in a row somewhere in the path
	datePath  bool // a year and a month as segments: /2024/05/
	listLast  bool // the last segment (or the one before a number) is a listing word
	listAny   bool // some segment is a listing word
	ext       bool // .html, .php, .aspx...
	query     bool // a query at all
	listQuery bool // a search, page, sort or filter parameter
}

// listingWords are generic words of a listing's URL segment, hand-written
// (in English, German, French, Spanish), not learned from the corpora.
var listingWords = map[string]bool{
	"category": true, "categories": true, "tag": true, "tags": true, "topic": true, "topics": true,
	"section": true, "sections": true, "collection": true, "collections": true, "shop": true, "store": true,
	"search": true, "archive": true, "archives": true, "author": true, "authors": true, "page": true,
	"list": true, "lists": true, "directory": true, "index": true, "browse": true, "catalog": true,
	"catalogue": true, "department": true, "departments": true, "results": true, "all": true,
	"latest": true, "recent": true, "popular": true, "trending": true, "series": true, "issues": true,
	"kategorie": true, "thema": true, "themen": true, "seite": true, "suche": true, "rubrique": true,
	"recherche": true, "categoria": true, "etiqueta": true, "buscar": true, "tienda": true,
}

var listingParams = [...]string{"q", "s", "query", "search", "page", "p", "sort", "order", "orderby", "filter", "category", "cat", "tag"}

func readURLShape(path, query string) urlShape {
	var u urlShape
	segs := strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
	u.depth = len(segs)
	run := 0
	for i := 0; i < len(path); i++ {
		if asciiDigit(path[i]) {
			run++
			if run >= 5 {
				u.longNum = true
			}
		} else {
			run = 0
		}
	}
	for i, s := range segs {
		low := strings.ToLower(s)
		if listingWords[low] {
			u.listAny = true
		}
		if i+1 < len(segs) && len(s) == 4 && allDigits(s) && len(segs[i+1]) <= 2 && allDigits(segs[i+1]) {
			u.datePath = true
		}
	}
	if n := len(segs); n > 0 {
		last := segs[n-1]
		u.lastLen = len(last)
		u.lastNum = allDigits(last)
		name := last
		if dot := strings.LastIndexByte(last, '.'); dot > 0 {
			switch strings.ToLower(last[dot+1:]) {
			case "html", "htm", "shtml", "php", "asp", "aspx", "jsp", "cfm":
				u.ext = true
				name = last[:dot]
			}
		}
		u.slugWords = len(strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' || r == '+' }))
		u.listLast = listingWords[strings.ToLower(name)] ||
			u.lastNum && n >= 2 && listingWords[strings.ToLower(segs[n-2])]
	}
	if query != "" {
		u.query = true
		for _, kv := range strings.Split(query, "&") {
			k, _, _ := strings.Cut(kv, "=")
			for _, p := range listingParams {
				if strings.EqualFold(k, p) {
					u.listQuery = true
				}
			}
		}
	}
	return u
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !asciiDigit(s[i]) {
			return false
		}
	}
	return true
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// lg is a count on a log scale: ten cards weigh not ten times one.
func lg(n int) float64 { return math.Log1p(float64(max(n, 0))) }

// share is part over whole, in [0, 1], 0 when whole is 0.
func share(part, whole int) float64 {
	if whole <= 0 {
		return 0
	}
	return min(1, max(0, float64(part)/float64(whole)))
}

// kindFeatures are the model's inputs, in the order of the generated
// weights. Adding, removing or reordering one means training again.
var kindFeatures = [...]kindFeature{
	// The URL.
	{"home", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.Home) }},
	{"hubpath", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.HubPath) }},
	{"artpath", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.ArticlePath) }},
	{"staticpath", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.StaticPath) }},
	{"depth", func(_ *kindEvidence, u *urlShape) float64 { return float64(min(u.depth, 6)) }},
	{"slugwords", func(_ *kindEvidence, u *urlShape) float64 { return float64(min(u.slugWords, 12)) }},
	{"lastlen", func(_ *kindEvidence, u *urlShape) float64 { return lg(u.lastLen) }},
	{"lastnum", func(_ *kindEvidence, u *urlShape) float64 { return b2f(u.lastNum) }},
	{"longnum", func(_ *kindEvidence, u *urlShape) float64 { return b2f(u.longNum) }},
	{"datepath", func(_ *kindEvidence, u *urlShape) float64 { return b2f(u.datePath) }},
	{"listlast", func(_ *kindEvidence, u *urlShape) float64 { return b2f(u.listLast) }},
	{"listany", func(_ *kindEvidence, u *urlShape) float64 { return b2f(u.listAny) }},
	{"ext", func(_ *kindEvidence, u *urlShape) float64 { return b2f(u.ext) }},
	{"query", func(_ *kindEvidence, u *urlShape) float64 { return b2f(u.query) }},
	{"listquery", func(_ *kindEvidence, u *urlShape) float64 { return b2f(u.listQuery) }},
	// The page's claims.
	{"ogarticle", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.articleTyped() && e.OGType != "") }},
	{"ogwebsite", func(e *kindEvidence, _ *urlShape) float64 {
		return b2f(e.OGType == "website" || e.OGType == "profile" || e.OGType == "blog")
	}},
	{"ogproductgroup", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.OGType == "product.group") }},
	{"ogproduct", func(e *kindEvidence, _ *urlShape) float64 {
		return b2f(e.OGType == "product" || strings.HasSuffix(e.OGType, ":product"))
	}},
	{"ldarticle", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.JSONLDArticle) }},
	{"ldcollection", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.LDCollection) }},
	{"lditemlist", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.LDItemList) }},
	{"ldpage", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.LDPage) }},
	{"claims", func(e *kindEvidence, _ *urlShape) float64 { return float64(e.articleClaims()) }},
	// Teasers, links, prose.
	{"mainteasers", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.MainTeasers) }},
	{"teasers", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.Teasers) }},
	{"links", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.Links) }},
	{"linkshare", func(e *kindEvidence, _ *urlShape) float64 { return share(e.BodyLink, e.BodyText) }},
	{"linksper1k", func(e *kindEvidence, _ *urlShape) float64 {
		return min(20, 1000*float64(e.Links)/float64(max(e.Text, 1)))
	}},
	{"longparaspage", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.LongParasPage) }},
	{"long", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.Long) }},
	{"chars", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.Chars) }},
	{"longest", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.LongestBlock) }},
	{"proseshare", func(e *kindEvidence, _ *urlShape) float64 { return share(e.Chars, e.Text) }},
	// Teaser cards.
	{"cards", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.Cards) }},
	{"cardgroup", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.CardGroup) }},
	{"cardshare", func(e *kindEvidence, _ *urlShape) float64 { return share(e.CardText, e.Text) }},
	{"cardlinkshare", func(e *kindEvidence, _ *urlShape) float64 { return share(e.CardLink, e.CardText) }},
	{"cardsoverprose", func(e *kindEvidence, _ *urlShape) float64 {
		return min(3, lg(e.CardText)-lg(e.Chars))
	}},
	{"contentcards", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.ContentCards) }},
	{"contentcardgroup", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.ContentCardGroup) }},
	{"contentcardshare", func(e *kindEvidence, _ *urlShape) float64 { return share(e.ContentCardText, e.ContentText) }},
	{"wholebody", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.WholeBody) }},
	{"cardexcerpts", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.CardExcerpts) }},
	{"carddated", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.CardDated) }},
	{"cardimaged", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.CardImaged) }},
	{"cardproduct", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.CardProduct) }},
	{"cardpriced", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.CardPriced) }},
	// A shop, a list's controls.
	{"prices", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.Prices) }},
	{"carts", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.Carts) }},
	{"products", func(e *kindEvidence, _ *urlShape) float64 { return lg(max(e.LDProducts, e.MicroProducts)) }},
	{"shop", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.shop()) }},
	{"oneproduct", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.oneProduct()) }},
	{"pagination", func(e *kindEvidence, _ *urlShape) float64 { return b2f(e.Pagination) }},
	{"listcontrols", func(e *kindEvidence, _ *urlShape) float64 { return float64(e.ListControls) }},
	// The kept body's blocks.
	{"heads", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.Heads) }},
	{"paras", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.Paras) }},
	{"items", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.Items) }},
	{"linkedheads", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.LinkedHeads) }},
	{"linkedheadshare", func(e *kindEvidence, _ *urlShape) float64 { return share(e.LinkedHeads, e.Heads) }},
	{"linkblocks", func(e *kindEvidence, _ *urlShape) float64 { return lg(e.LinkBlocks) }},
	{"linkblockshare", func(e *kindEvidence, _ *urlShape) float64 {
		return share(e.LinkBlocks, e.Heads+e.Paras+e.Items)
	}},
	// The hand rules' weighing of all of it.
	{"rulescore", func(e *kindEvidence, _ *urlShape) float64 { return float64(min(12, max(-8, kindScore(e)))) }},
}

// kindFeatureValues reads the model's inputs off the evidence.
func kindFeatureValues(e *kindEvidence) []float64 {
	u := readURLShape(e.Path, e.Query)
	v := make([]float64, len(kindFeatures))
	for i, f := range kindFeatures {
		v[i] = f.get(e, &u)
	}
	return v
}

// hubLogit is the model's log-odds that the page is a hub; why, when not
// nil, collects the features that moved it most (for explanations).
func hubLogit(e *kindEvidence, why *[]string) float64 {
	v := kindFeatureValues(e)
	z := float64(kindModelBias)
	for i, x := range v {
		z += kindModelWeights[i] * x
	}
	if why != nil {
		// The inputs that moved the log-odds most, either way.
		type part struct {
			name string
			c    float64
		}
		parts := make([]part, 0, len(v))
		for i, x := range v {
			if c := kindModelWeights[i] * x; c != 0 {
				parts = append(parts, part{kindFeatures[i].name, c})
			}
		}
		slices.SortFunc(parts, func(a, b part) int { return cmp.Compare(math.Abs(b.c), math.Abs(a.c)) })
		for _, p := range parts[:min(len(parts), 5)] {
			*why = append(*why, fmt.Sprintf("%s%+.1f", p.name, p.c))
		}
	}
	return z
}

// KindSample is one page's page-kind evidence as the model reads it, for
// bench/cmd/trainkind; nothing else needs it.
type KindSample struct {
	Features  []float64 // in the order of KindFeatureNames
	RuleKind  string    // the hand rules' verdict alone
	RuleScore int       // their hub score
	Kind      string    // the verdict FromHTML gives (Article.Kind)
}

// KindFeatureNames names the model's inputs, in the order of
// KindSample.Features.
func KindFeatureNames() []string {
	n := make([]string, len(kindFeatures))
	for i, f := range kindFeatures {
		n[i] = f.name
	}
	return n
}

// KindSampleOf extracts page and returns its page-kind evidence. A page
// that is not HTML (a PDF) has none: the sample is zero, Kind set.
func KindSampleOf(page []byte, pageURL string, opts *Options) (KindSample, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	var ev kindEvidence
	seen := false
	o.kindSink = func(e *kindEvidence) { ev, seen = *e, true }
	a, err := FromHTML(page, pageURL, &o)
	if err != nil {
		return KindSample{}, err
	}
	s := KindSample{Kind: a.Kind}
	if seen {
		s.Features = kindFeatureValues(&ev)
		s.RuleKind = judgeRules(&ev)
		s.RuleScore = kindScore(&ev)
	}
	return s, nil
}

// kindModelVerdict lets the model overturn the rules' verdict rule when it
// is confident: a page the rules call an article or a page becomes a hub
// at a log-odds of kindModelHubAbove or more, and a hub becomes an article
// (or a page) under kindModelArticleBelow. The thresholds were chosen by
// the trainer for the asymmetric cost: an article called a hub is lost to
// the archive, a hub called an article only costs space.
func kindModelVerdict(e *kindEvidence, rule string) string {
	if kindModelHubAbove >= kindModelOff && kindModelArticleBelow <= -kindModelOff {
		return rule // the model is off: no need to read it
	}
	return overturn(rule, hubLogit(e, nil), kindModelHubAbove, kindModelArticleBelow, e.isPage)
}

// overturn is kindModelVerdict's decision from the model's log-odds z.
// isPage says whether a hub overturned is a page rather than an article.
func overturn(rule string, z, hubAbove, articleBelow float64, isPage func() bool) string {
	switch {
	case rule != KindHub && z >= hubAbove:
		return KindHub
	case rule == KindHub && z < articleBelow:
		if isPage() {
			return KindPage
		}
		return KindArticle
	}
	return rule
}

// kindModelOff is a threshold the model's log-odds never reach: the
// trainer writes it when the model must not overturn a verdict.
const kindModelOff = 1e9
