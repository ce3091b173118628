package extract

import (
	"encoding/json"
	"strings"
)

// ldInfo is what the page's JSON-LD says about its article.
type ldInfo struct {
	headline, published, modified, description, image, lang, url string
	publisher, siteName                                          string
	basedOn                                                      string   // isBasedOn: the work this one copies
	sourceOrgURLs                                                []string // sourceOrganization / copyrightHolder URLs
	sourceOrgs                                                   []string // their names
	authors, keywords, sections                                  []string
	article                                                      bool // an Article-like object was found
	pageDates                                                    bool // dates came from a WebPage, not an Article
	hub                                                          int  // CollectionPage/ItemList/SearchResultsPage seen
}

// parseJSONLD reads every ld+json block: single objects, arrays and @graph,
// resolving {"@id": …} references to authors and publishers.
func parseJSONLD(blocks []string) ldInfo {
	var objs []map[string]any
	for _, b := range blocks {
		v, ok := decodeLD(b)
		if !ok {
			continue
		}
		collectLD(v, &objs, 0)
	}
	byID := map[string]map[string]any{}
	for _, o := range objs {
		if id, _ := o["@id"].(string); id != "" {
			if _, dup := byID[id]; !dup || len(o) > len(byID[id]) {
				byID[id] = o
			}
		}
	}
	var info ldInfo
	var art, page map[string]any
	for _, o := range objs {
		types := ldTypes(o)
		switch {
		case anyType(types, isArticleType):
			if art == nil {
				art = o
			}
		case anyType(types, func(t string) bool { return t == "WebPage" || t == "AboutPage" || t == "ItemPage" }):
			if page == nil {
				page = o
			}
		case anyType(types, func(t string) bool {
			return t == "CollectionPage" || t == "ItemList" || t == "SearchResultsPage" || t == "ProfilePage"
		}):
			info.hub++
		case anyType(types, func(t string) bool { return t == "WebSite" }):
			if info.siteName == "" {
				info.siteName = ldString(o["name"])
			}
		}
	}
	main := art
	if main == nil {
		main = page
		info.pageDates = true
	}
	if main == nil {
		return info
	}
	info.article = art != nil
	info.headline = ldString(main["headline"])
	if info.headline == "" && art != nil {
		info.headline = ldString(main["name"])
	}
	info.published = ldString(main["datePublished"])
	if info.published == "" {
		info.published = ldString(main["dateCreated"])
	}
	info.modified = ldString(main["dateModified"])
	info.description = ldString(main["description"])
	info.lang = ldString(main["inLanguage"])
	info.image = ldURL(main["image"], byID)
	if info.image == "" {
		info.image = ldURL(main["thumbnailUrl"], byID)
	}
	info.url = ldString(main["url"])
	if info.url == "" {
		info.url = ldURL(main["mainEntityOfPage"], byID)
	}
	info.authors = ldNames(main["author"], byID)
	if len(info.authors) == 0 {
		info.authors = ldNames(main["creator"], byID)
	}
	if p := ldNames(main["publisher"], byID); len(p) > 0 {
		info.publisher = p[0]
	}
	info.basedOn = ldURL(main["isBasedOn"], byID)
	if info.basedOn == "" {
		info.basedOn = ldURL(main["isBasedOnUrl"], byID)
	}
	for _, k := range []string{"sourceOrganization", "copyrightHolder"} {
		if u := ldURL(main[k], byID); u != "" {
			info.sourceOrgURLs = append(info.sourceOrgURLs, u)
		}
		info.sourceOrgs = append(info.sourceOrgs, ldNames(main[k], byID)...)
	}
	info.keywords = ldList(main["keywords"])
	info.sections = ldList(main["articleSection"])
	// An Article without dates inside a WebPage that has them.
	if info.published == "" && page != nil && art != nil {
		info.published = ldString(page["datePublished"])
		info.pageDates = info.published != ""
	}
	return info
}

func decodeLD(s string) (any, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "<!--")
	s = strings.TrimSuffix(s, "-->")
	s = strings.TrimPrefix(strings.TrimSpace(s), "//<![CDATA[")
	s = strings.TrimSuffix(strings.TrimSpace(s), "//]]>")
	s = strings.TrimSuffix(strings.TrimSpace(s), ";")
	var v any
	if err := json.Unmarshal([]byte(s), &v); err == nil {
		return v, true
	}
	// Raw newlines and tabs inside strings are the usual CMS mistake.
	fixed := strings.NewReplacer("\n", " ", "\r", " ", "\t", " ").Replace(s)
	dec := json.NewDecoder(strings.NewReader(fixed))
	if err := dec.Decode(&v); err == nil {
		return v, true
	}
	return nil, false
}

func collectLD(v any, out *[]map[string]any, depth int) {
	if depth > 8 || len(*out) > 200 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			collectLD(e, out, depth+1)
		}
	case map[string]any:
		*out = append(*out, x)
		if g, ok := x["@graph"]; ok {
			collectLD(g, out, depth+1)
		}
		// mainEntity nests the article inside a WebPage.
		if me, ok := x["mainEntity"].(map[string]any); ok {
			collectLD(me, out, depth+1)
		}
	}
}

func ldTypes(o map[string]any) []string {
	switch t := o["@type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func anyType(types []string, f func(string) bool) bool {
	for _, t := range types {
		if f(strings.TrimPrefix(strings.TrimPrefix(t, "http://schema.org/"), "https://schema.org/")) {
			return true
		}
	}
	return false
}

func isArticleType(t string) bool {
	if strings.HasSuffix(t, "Article") {
		return true
	}
	switch t {
	case "BlogPosting", "Report", "LiveBlogPosting", "SocialMediaPosting", "DiscussionForumPosting", "Posting", "Review", "OpinionNewsArticle", "Recipe":
		return true
	}
	return false
}

// ldString is a string value, the first of an array, or an object's @value.
func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case float64:
		return ""
	case []any:
		for _, e := range x {
			if s := ldString(e); s != "" {
				return s
			}
		}
	case map[string]any:
		if s, ok := x["@value"].(string); ok {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

func ldURL(v any, byID map[string]map[string]any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		for _, e := range x {
			if s := ldURL(e, byID); s != "" {
				return s
			}
		}
	case map[string]any:
		if s := ldString(x["url"]); s != "" {
			return s
		}
		if s := ldString(x["contentUrl"]); s != "" {
			return s
		}
		if id := ldString(x["@id"]); id != "" {
			if o, ok := byID[id]; ok && len(o) > 1 {
				if s := ldString(o["url"]); s != "" {
					return s
				}
				if s := ldString(o["contentUrl"]); s != "" {
					return s
				}
			}
			return id
		}
	}
	return ""
}

// ldNames reads author-like values: strings, {name}, {"@id"} references and
// arrays of those.
func ldNames(v any, byID map[string]map[string]any) []string {
	var out []string
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 4 || len(out) > 30 {
			return
		}
		switch x := v.(type) {
		case string:
			if x = strings.TrimSpace(x); x != "" {
				out = append(out, x)
			}
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			if n := ldString(x["name"]); n != "" {
				out = append(out, n)
				return
			}
			if gn, fn := ldString(x["givenName"]), ldString(x["familyName"]); gn != "" || fn != "" {
				out = append(out, strings.TrimSpace(gn+" "+fn))
				return
			}
			if id := ldString(x["@id"]); id != "" {
				if o, ok := byID[id]; ok && len(o) > 1 {
					walk(o, depth+1)
				}
			}
		}
	}
	walk(v, 0)
	return out
}

// ldList reads keywords/sections: an array of strings or one comma list.
func ldList(v any) []string {
	var out []string
	switch x := v.(type) {
	case string:
		out = append(out, splitList(x)...)
	case []any:
		for _, e := range x {
			if s := ldString(e); s != "" {
				out = append(out, splitList(s)...)
			}
		}
	}
	return out
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '|' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
