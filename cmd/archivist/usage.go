package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// Positional-argument checks. Their errors are usage errors that say what
// the command takes (from its Use line), where cobra's own say
// `unknown command "x" for "archivist stats"`.

// noArgs accepts no arguments.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("takes no arguments, got %s", quoteArgs(args))}
	}
	return nil
}

// argsBetween accepts min to max arguments (max < 0: no limit).
func argsBetween(min, max int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) >= min && (max < 0 || len(args) <= max) {
			return nil
		}
		want := useArgs(c)
		if len(args) == 0 {
			return usageError{fmt.Errorf("missing %s", want)}
		}
		return usageError{fmt.Errorf("want %s, got %s: %s", want, count(len(args), "argument", "arguments"), quoteArgs(args))}
	}
}

// useArgs is the arguments part of c's Use line ("URL [V1 [V2]]").
func useArgs(c *cobra.Command) string {
	f := strings.Fields(c.Use)
	var out []string
	for _, w := range f[1:] {
		if w != "[flags]" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

func quoteArgs(args []string) string {
	q := make([]string, 0, len(args))
	for i, a := range args {
		if i == 3 {
			q = append(q, "...")
			break
		}
		q = append(q, fmt.Sprintf("%q", a))
	}
	return strings.Join(q, " ")
}

// enforceUsageErrors makes every argument and flag error of c and its
// subcommands a usage error (exit 2), also for checks that return plain
// errors (cobra's own ExactArgs and the like).
func enforceUsageErrors(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(c *cobra.Command, args []string) error {
			err := check(c, args)
			var ue usageError
			if err != nil && !errors.As(err, &ue) {
				return usageError{err}
			}
			return err
		}
	}
	for _, sub := range c.Commands() {
		enforceUsageErrors(sub)
	}
}

// unknownCommand is the root's argument check: an argument that names no
// command is a usage error, with cobra's suggestions.
func unknownCommand(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if s := c.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, " or "))
	}
	return usageError{errors.New(msg)}
}

// Flag value checks, worded alike for every command: "--limit 0: want 1 or
// more".

// atLeast checks that an integer flag is min or more.
func atLeast(flag string, v, min int) error {
	if v < min {
		return usageError{fmt.Errorf("--%s %d: want %d or more", flag, v, min)}
	}
	return nil
}

// within checks that an integer flag is in min..max.
func within(flag string, v, min, max int) error {
	if v < min || v > max {
		return usageError{fmt.Errorf("--%s %d: want %d..%d", flag, v, min, max)}
	}
	return nil
}

// oneOf checks that a string flag is one of the choices.
func oneOf(flag, v string, choices ...string) error {
	for _, c := range choices {
		if v == c {
			return nil
		}
	}
	want := strings.Join(choices, ", ")
	if n := len(choices); n > 1 {
		want = strings.Join(choices[:n-1], ", ") + " or " + choices[n-1]
	}
	return usageError{fmt.Errorf("--%s %q: want %s", flag, v, want)}
}

// siteArg is the host a --site value names: pasted as a URL or with a port
// or path ("https://www.example.org/research/", "example.org:443") it would
// match no page's site, and export and search would answer nothing
// without a word.
func siteArg(s string) string {
	if strings.Contains(s, ",") { // several: each its host
		parts := strings.Split(s, ",")
		for i, p := range parts {
			parts[i] = siteArg(p)
		}
		return strings.Join(parts, ",")
	}
	s = strings.TrimSpace(s)
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		return u.Hostname()
	}
	s, _, _ = strings.Cut(s, "/")
	if h, _, err := net.SplitHostPort(s); err == nil {
		return h
	}
	return s
}

// timeoutGiven checks a --timeout given on the command line: 0 or less
// would silently mean the default (the crawler's zero value), so it is
// refused, as extract refuses it.
func timeoutGiven(c *cobra.Command, d time.Duration) error {
	if c.Flags().Changed("timeout") && d <= 0 {
		return usageError{fmt.Errorf("--timeout %s: want more than 0", d)}
	}
	return nil
}
