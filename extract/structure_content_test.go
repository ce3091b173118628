package extract

import (
	"strings"
	"testing"
)

// elementorSection is a page builder's top-level section holding one
// widget, six wrappers deep, as Elementor writes every block of a page.
func elementorSection(kind, inner string) string {
	return `<section class="elementor-section elementor-top-section elementor-element"><div class="elementor-container">` +
		`<div class="elementor-column elementor-col-100"><div class="elementor-widget-wrap">` +
		`<div class="elementor-element elementor-widget elementor-widget-` + kind + `"><div class="elementor-widget-container">` +
		inner + `</div></div></div></div></div></section>`
}

// A page builder that gives every heading a section of its own (heading,
// then the text under it in the next section, an empty spacer between
// some of them) keeps the headings with their sections' text; a rating
// widget after the last section stays out.
func TestBodyKeepsHeadingsInSectionsOfTheirOwn(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><title>7 money habits</title></head><body><header class="site"><a href="/">Home</a> <a href="/blog">Blog</a></header><div class="elementor elementor-42">`)
	b.WriteString(elementorSection("text-editor", `<p>`+prose("household budgets")+`</p><p>`+prose("rents")+`</p><p>`+prose("wages")+`</p>`))
	for i, h := range []string{"1. Keep a realistic budget", "2. Build an emergency fund", "3. Pay down expensive debt"} {
		if i == 1 {
			b.WriteString(elementorSection("spacer", `<div class="elementor-spacer-inner"></div>`))
		}
		b.WriteString(elementorSection("heading", `<h3 class="elementor-heading-title elementor-size-default">`+h+`</h3>`))
		b.WriteString(elementorSection("text-editor", `<p>`+prose(h)+`</p>`))
	}
	b.WriteString(elementorSection("rating", `<h3 class="elementor-heading-title">Rate this post</h3>`))
	var posts strings.Builder
	for _, p := range []string{"Saving for a first home", "Retirement at thirty", "Credit scores explained", "Student loans", "Insurance basics"} {
		posts.WriteString(`<li><a href="/blog/` + strings.ReplaceAll(p, " ", "-") + `">` + p + ` and what you need to know about it this year</a></li>`)
	}
	b.WriteString(elementorSection("posts", `<ul>`+posts.String()+`</ul>`))
	b.WriteString(`</div></body></html>`)
	a, err := FromHTML([]byte(b.String()), "https://advisers.example/blog/money-habits/", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1. Keep a realistic budget", "2. Build an emergency fund", "3. Pay down expensive debt", prose("3. Pay down expensive debt")} {
		if !strings.Contains(a.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, a.Text)
		}
	}
	if !strings.Contains(a.Markdown, "### 2. Build an emergency fund") {
		t.Errorf("markdown lacks the heading:\n%s", a.Markdown)
	}
	if strings.Contains(a.Text, "Rate this post") {
		t.Errorf("text keeps the rating widget:\n%s", a.Text)
	}
}
