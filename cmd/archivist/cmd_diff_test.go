package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRunDiff(t *testing.T) {
	db := readFixture(t)
	ctx := context.Background()
	var out, errb bytes.Buffer
	if err := runDiff(ctx, diffOptions{Archive: db}, []string{"https://think.example/a", "1", "2"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"title: Report → Report (updated)", "[-brown-]", "{+red+}", "{+jumps+}"} {
		if !strings.Contains(s, want) {
			t.Errorf("diff lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "Second paragraph") || strings.Contains(s, "\x1b[") {
		t.Errorf("unchanged paragraph or colour in a non-terminal diff:\n%s", s)
	}
	out.Reset()
	// Default: the last two versions.
	if err := runDiff(ctx, diffOptions{Archive: db, Full: true}, []string{"https://think.example/a"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "{+A new conclusion.+}") || !strings.Contains(s, "Second paragraph stays.") {
		t.Errorf("default diff:\n%s", s)
	}
	if err := runDiff(ctx, diffOptions{Archive: db}, []string{"https://news.example/b"}, &out, &errb); err == nil {
		t.Error("one version: want an error")
	}
	if err := runDiff(ctx, diffOptions{Archive: db}, []string{"https://think.example/a", "1", "7"}, &out, &errb); err == nil {
		t.Error("out of range: want an error")
	}
}

func TestWordDiffUnicode(t *testing.T) {
	paras := wordDiff("Économie — état des lieux.\n\nFin.", "Économie — état des lieux révisé.\n\nFin.",
		func(s string) string { return "[-" + s + "-]" }, func(s string) string { return "{+" + s + "+}" })
	if len(paras) != 2 || !paras[0].changed || paras[1].changed || !strings.Contains(paras[0].text, "{+révisé+}") {
		t.Errorf("%+v", paras)
	}
}
