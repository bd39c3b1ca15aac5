package rules

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/iamaudit/iamaudit/result"
)

// fakeRule is a rule mapped to the given controls of framework "test-fw";
// its check is never run: ControlResults works on results alone.
func fakeRule(id string, controls ...string) Rule {
	r := Rule{ID: id, Check: func(*Context) []result.Result { return nil }}
	for _, c := range controls {
		r.Controls = append(r.Controls, result.Control{Framework: "test-fw", ID: c})
	}
	return r
}

func res(rule string, st result.Status) result.Result {
	return result.Result{RuleID: rule, Status: st, Resource: "arn:aws:iam::123456789012:user/u-" + string(st)}
}

func TestControlResults(t *testing.T) {
	fw := Framework{ID: "test-fw", Controls: []FrameworkControl{
		{ID: "pass", Title: "all pass", Automated: true},
		{ID: "fail", Title: "one fails", Automated: true},
		{ID: "unknown", Title: "pass and unknown", Automated: true},
		{ID: "fail-beats-unknown", Title: "fail and unknown", Automated: true},
		{ID: "no-rule", Title: "automated, no rule", Automated: true, Note: "needs service X"},
		{ID: "manual", Title: "manual, no rule", Automated: false, Note: "look by hand"},
		{ID: "manual-with-rule", Title: "manual, rule passes", Automated: false},
		{ID: "manual-with-failing-rule", Title: "manual, rule fails", Automated: false},
		{ID: "silent", Title: "automated, rule produced nothing", Automated: true},
		{ID: "manual-silent", Title: "manual, rule produced nothing", Automated: false},
		{ID: "only-manual-results", Title: "rule returned only MANUAL results", Automated: true},
		{ID: "manual-quoted", Title: "manual, rule returned only MANUAL results", Automated: false},
	}}
	rs := []Rule{
		fakeRule("R-PASS", "pass", "fail", "unknown", "manual-with-rule"),
		fakeRule("R-FAIL", "fail", "fail-beats-unknown", "manual-with-failing-rule"),
		fakeRule("R-UNKNOWN", "unknown", "fail-beats-unknown"),
		fakeRule("R-SILENT", "silent", "manual-silent"),
		fakeRule("R-MANUAL", "only-manual-results", "manual-quoted"),
		// A rule of another framework must not leak into this one.
		{ID: "R-OTHER", Controls: []result.Control{{Framework: "other-fw", ID: "pass"}}},
	}
	results := []result.Result{
		res("R-PASS", result.Pass), res("R-PASS", result.Pass),
		res("R-FAIL", result.Fail), res("R-FAIL", result.Pass),
		res("R-UNKNOWN", result.Unknown),
		{RuleID: "R-MANUAL", Status: result.Manual, Resource: "AWS::::Account:123456789012", Reason: "reason of R-MANUAL"},
		res("R-OTHER", result.Fail),
		// Results of a rule not in the rule set are ignored.
		res("R-NOT-SELECTED", result.Fail),
	}

	type want struct {
		status                  result.Status
		rules                   []string
		passed, failed, unknown int
		note                    []string // substrings the note must contain
		noNote                  bool
	}
	wants := map[string]want{
		"pass":                     {status: result.Pass, rules: []string{"R-PASS"}, passed: 2, noNote: true},
		"fail":                     {status: result.Fail, rules: []string{"R-PASS", "R-FAIL"}, passed: 3, failed: 1, noNote: true},
		"unknown":                  {status: result.Unknown, rules: []string{"R-PASS", "R-UNKNOWN"}, passed: 2, unknown: 1, noNote: true},
		"fail-beats-unknown":       {status: result.Fail, rules: []string{"R-FAIL", "R-UNKNOWN"}, passed: 1, failed: 1, unknown: 1, noNote: true},
		"no-rule":                  {status: result.Unknown, note: []string{"no iamaudit rule", "needs service X"}},
		"manual":                   {status: result.Manual, note: []string{"look by hand"}},
		"manual-with-rule":         {status: result.Pass, rules: []string{"R-PASS"}, passed: 2, note: []string{"manual control"}},
		"manual-with-failing-rule": {status: result.Fail, rules: []string{"R-FAIL"}, passed: 1, failed: 1, note: []string{"manual control"}},
		"silent":                   {status: result.Unknown, rules: []string{"R-SILENT"}, note: []string{"produced no result", "R-SILENT"}},
		"manual-silent":            {status: result.Manual, rules: []string{"R-SILENT"}, note: []string{"produced no result"}},
		"only-manual-results":      {status: result.Unknown, rules: []string{"R-MANUAL"}, note: []string{"produced no result"}},
		"manual-quoted":            {status: result.Manual, rules: []string{"R-MANUAL"}, note: []string{"for a reviewer: R-MANUAL: reason of R-MANUAL"}},
	}

	got := ControlResults(fw, rs, rs, results)
	if len(got) != len(fw.Controls) {
		t.Fatalf("got %d control results, want %d (one per control)", len(got), len(fw.Controls))
	}
	for i, c := range fw.Controls {
		g := got[i]
		w, ok := wants[c.ID]
		if !ok {
			t.Fatalf("test table has no expectation for control %s", c.ID)
		}
		t.Run(c.ID, func(t *testing.T) {
			if g.ID != c.ID || g.Framework != "test-fw" || g.Title != c.Title || g.Automated != c.Automated {
				t.Errorf("identity = {%s %s %q %v}, want {test-fw %s %q %v} (framework order kept)",
					g.Framework, g.ID, g.Title, g.Automated, c.ID, c.Title, c.Automated)
			}
			if g.Status != w.status {
				t.Errorf("status = %s, want %s", g.Status, w.status)
			}
			if !slices.Equal(g.Rules, w.rules) {
				t.Errorf("rules = %v, want %v", g.Rules, w.rules)
			}
			if g.Passed != w.passed || g.Failed != w.failed || g.Unknown != w.unknown {
				t.Errorf("passed/failed/unknown = %d/%d/%d, want %d/%d/%d",
					g.Passed, g.Failed, g.Unknown, w.passed, w.failed, w.unknown)
			}
			for _, s := range w.note {
				if !strings.Contains(g.Note, s) {
					t.Errorf("note = %q, want it to mention %q", g.Note, s)
				}
			}
			if w.noNote && g.Note != "" {
				t.Errorf("note = %q, want none", g.Note)
			}
		})
	}
}

func TestControlResultsNoResults(t *testing.T) {
	// With no results at all (nothing evaluated), no automated control may pass.
	for _, fw := range Frameworks() {
		for _, cr := range ControlResults(fw, All(), All(), nil) {
			want := result.Unknown
			if !cr.Automated {
				want = result.Manual
			}
			if cr.Status != want {
				t.Errorf("%s %s: status %s with no results, want %s", fw.ID, cr.ID, cr.Status, want)
			}
			if cr.Status == result.Unknown && cr.Note == "" {
				t.Errorf("%s %s: UNKNOWN without a note saying why", fw.ID, cr.ID)
			}
		}
	}
}

func TestControlResultsDuplicateRule(t *testing.T) {
	// The same rule passed twice (or mapped twice) is counted once.
	fw := Framework{ID: "test-fw", Controls: []FrameworkControl{{ID: "c", Automated: true}}}
	r := fakeRule("R", "c", "c")
	got := ControlResults(fw, []Rule{r, r}, []Rule{r, r}, []result.Result{res("R", result.Pass)})
	if !slices.Equal(got[0].Rules, []string{"R"}) || got[0].Passed != 1 || got[0].Status != result.Pass {
		t.Errorf("got rules %v passed %d status %s, want [R] 1 PASS", got[0].Rules, got[0].Passed, got[0].Status)
	}
}

func TestForFramework(t *testing.T) {
	a := Rule{ID: "A", Controls: []result.Control{{Framework: FrameworkCIS50, ID: "1.3"}}}
	b := Rule{ID: "B", Controls: []result.Control{{Framework: FrameworkSecurityHub, ID: "IAM.1"}}}
	c := Rule{ID: "C", Controls: []result.Control{{Framework: FrameworkSecurityHub, ID: "IAM.2"}, {Framework: FrameworkCIS50, ID: "1.14"}}}
	d := Rule{ID: "D"}
	ids := func(rs []Rule) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	all := []Rule{a, b, c, d}
	for _, tc := range []struct {
		fw   string
		want []string
	}{
		{FrameworkCIS50, []string{"A", "C"}},
		{FrameworkSecurityHub, []string{"B", "C"}},
		{FrameworkCIS14, nil},
		{"no-such-framework", nil},
	} {
		if got := ids(ForFramework(all, tc.fw)); !slices.Equal(got, tc.want) {
			t.Errorf("ForFramework(%s) = %v, want %v", tc.fw, got, tc.want)
		}
	}
}

func TestFrameworkByID(t *testing.T) {
	for _, id := range []string{FrameworkCIS14, FrameworkCIS15, FrameworkCIS30, FrameworkCIS40,
		FrameworkCIS50, FrameworkCIS60, FrameworkSecurityHub, FrameworkAWSConfig} {
		fw, err := FrameworkByID(strings.ToUpper(id))
		if err != nil {
			t.Errorf("FrameworkByID(%q): %v", strings.ToUpper(id), err)
			continue
		}
		if fw.ID != id {
			t.Errorf("FrameworkByID(%q).ID = %q", id, fw.ID)
		}
	}
	_, err := FrameworkByID("cis-aws-9.9")
	if err == nil {
		t.Fatal("FrameworkByID(cis-aws-9.9) succeeded, want an error")
	}
	for _, f := range Frameworks() {
		if !strings.Contains(err.Error(), f.ID) {
			t.Errorf("error %q does not list valid framework %s", err, f.ID)
		}
	}
}

func TestFrameworksWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, fw := range Frameworks() {
		if seen[fw.ID] {
			t.Errorf("duplicate framework %s", fw.ID)
		}
		seen[fw.ID] = true
		if fw.Name == "" || fw.Version == "" || !strings.HasPrefix(fw.URL, "https://") || len(fw.Controls) == 0 {
			t.Errorf("%s: incomplete (name %q, version %q, url %q, %d controls)", fw.ID, fw.Name, fw.Version, fw.URL, len(fw.Controls))
		}
		ids := map[string]bool{}
		for _, c := range fw.Controls {
			if ids[c.ID] {
				t.Errorf("%s: duplicate control %s", fw.ID, c.ID)
			}
			ids[c.ID] = true
			if c.ID == "" || c.Title == "" {
				t.Errorf("%s: control %q has no ID or title", fw.ID, c.ID)
			}
			if c.Retired && fw.ID != FrameworkSecurityHub {
				t.Errorf("%s %s: only Security Hub controls are marked retired", fw.ID, c.ID)
			}
		}
	}
	for _, id := range []string{FrameworkCIS14, FrameworkCIS15, FrameworkCIS30, FrameworkCIS40,
		FrameworkCIS50, FrameworkCIS60, FrameworkSecurityHub, FrameworkAWSConfig} {
		if !seen[id] {
			t.Errorf("framework %s missing from Frameworks()", id)
		}
	}
}

// TestCISTables pins the IAM section of each CIS version: its section
// number, how many controls it has (numbered without gaps) and which are
// Manual. A change here must come with a source in docs/frameworks.md.
func TestCISTables(t *testing.T) {
	for _, tc := range []struct {
		fw      string
		section string
		count   int
		manual  []int
	}{
		{FrameworkCIS14, "1", 21, []int{1, 2, 3, 11, 18, 21}},
		{FrameworkCIS15, "1", 21, []int{1, 2, 3, 18, 21}},
		{FrameworkCIS30, "1", 22, []int{1, 2, 3, 6, 7, 11, 21, 22}},
		{FrameworkCIS40, "1", 22, []int{1, 2, 3, 6, 7, 11, 21, 22}},
		{FrameworkCIS50, "1", 21, []int{1, 2, 5, 6, 10, 20, 21}},
		{FrameworkCIS60, "2", 21, []int{1, 2, 5, 6, 10, 20, 21}},
	} {
		fw, err := FrameworkByID(tc.fw)
		if err != nil {
			t.Fatal(err)
		}
		if len(fw.Controls) != tc.count {
			t.Errorf("%s: %d controls, want %d", tc.fw, len(fw.Controls), tc.count)
			continue
		}
		for i, c := range fw.Controls {
			n := i + 1
			if want := fmt.Sprintf("%s.%d", tc.section, n); c.ID != want {
				t.Errorf("%s: control %d has ID %s, want %s", tc.fw, n, c.ID, want)
			}
			if wantManual := slices.Contains(tc.manual, n); c.Automated == wantManual {
				t.Errorf("%s %s: automated = %v, want %v", tc.fw, c.ID, c.Automated, !wantManual)
			}
		}
	}
}

// TestCIS60IsCIS50InSection2 checks the fact the 6.0 numbers rest on: 6.0
// moved the unchanged 5.0 IAM section from 1 to 2.
func TestCIS60IsCIS50InSection2(t *testing.T) {
	v5, _ := FrameworkByID(FrameworkCIS50)
	v6, _ := FrameworkByID(FrameworkCIS60)
	if len(v5.Controls) != len(v6.Controls) {
		t.Fatalf("5.0 has %d IAM controls, 6.0 has %d", len(v5.Controls), len(v6.Controls))
	}
	for i := range v5.Controls {
		a, b := v5.Controls[i], v6.Controls[i]
		if "2"+strings.TrimPrefix(a.ID, "1") != b.ID || a.Automated != b.Automated || !strings.EqualFold(a.Title, b.Title) {
			t.Errorf("5.0 %s %q (automated %v) vs 6.0 %s %q (automated %v)", a.ID, a.Title, a.Automated, b.ID, b.Title, b.Automated)
		}
	}
}

func TestFrameworkControlLookup(t *testing.T) {
	fw, _ := FrameworkByID(FrameworkSecurityHub)
	c, ok := fw.Control("IAM.20")
	if !ok || !c.Retired {
		t.Errorf("Security Hub IAM.20: found %v, retired %v; want a retired control", ok, c.Retired)
	}
	if _, ok := fw.Control("IAM.999"); ok {
		t.Error("Control(IAM.999) found a control")
	}
	if !reflect.DeepEqual(Frameworks(), Frameworks()) {
		t.Error("Frameworks() is not deterministic")
	}
}

// The flag has its own name, not -update, so it cannot clash with golden-file
// flags other tests in this package define.
var updateFrameworksDoc = flag.Bool("update-frameworks-doc", false, "rewrite the generated tables in docs/frameworks.md")

const (
	docBegin = "<!-- BEGIN GENERATED TABLES (go test ./rules -run TestFrameworksDoc -update-frameworks-doc) -->"
	docEnd   = "<!-- END GENERATED TABLES -->"
)

var mdEscape = strings.NewReplacer("*", `\*`, "|", `\|`, "_", `\_`)

// frameworkTables renders one markdown table per framework: control, title,
// assessment status, the iamaudit rules that map to it, and the note.
func frameworkTables() string {
	var b strings.Builder
	for _, fw := range Frameworks() {
		mapped := map[string][]string{}
		for _, r := range All() {
			for _, c := range r.Controls {
				if c.Framework == fw.ID {
					mapped[c.ID] = append(mapped[c.ID], r.ID)
				}
			}
		}
		fmt.Fprintf(&b, "\n### %s (`%s`)\n\n%s\n\n", fw.Name, fw.ID, fw.URL)
		b.WriteString("| Control | Title | Assessment | iamaudit rules | Note |\n|---|---|---|---|---|\n")
		for _, c := range fw.Controls {
			kind := "Manual"
			if c.Automated {
				kind = "Automated"
			}
			if c.Retired {
				kind += " (retired)"
			}
			rs := "–"
			if len(mapped[c.ID]) > 0 {
				rs = strings.Join(mapped[c.ID], ", ")
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", mdEscape.Replace(c.ID), mdEscape.Replace(c.Title), kind, rs, mdEscape.Replace(c.Note))
		}
	}
	return b.String()
}

// TestFrameworksDoc keeps the tables in docs/frameworks.md in step with the
// framework tables and the rule catalog.
func TestFrameworksDoc(t *testing.T) {
	path := filepath.Join("..", "docs", "frameworks.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	doc := string(b)
	i, j := strings.Index(doc, docBegin), strings.Index(doc, docEnd)
	if i < 0 || j < i {
		t.Fatalf("%s: generated-table markers missing or out of order", path)
	}
	want := doc[:i+len(docBegin)] + "\n" + frameworkTables() + "\n" + doc[j:]
	if *updateFrameworksDoc {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatalf("write %s: %v", path, err)
		}
		return
	}
	if doc != want {
		t.Errorf("%s: generated tables are stale; run go test ./rules -run TestFrameworksDoc -update-frameworks-doc", path)
	}
}

// TestControlResultsFilteredRules: a control judged by only some of the rules
// that assess it (--rule narrowed the run) is UNKNOWN, never PASS, and its
// note says how many of its rules ran instead of claiming none assess it.
func TestControlResultsFilteredRules(t *testing.T) {
	fw := Framework{ID: "test-fw", Controls: []FrameworkControl{
		{ID: "two-rules", Automated: true},
		{ID: "two-rules-fail", Automated: true},
		{ID: "none-ran", Automated: true},
		{ID: "all-ran", Automated: true},
		{ID: "manual-none-ran", Automated: false},
	}}
	a := fakeRule("A", "two-rules", "two-rules-fail", "all-ran")
	b := fakeRule("B", "two-rules", "two-rules-fail", "none-ran", "manual-none-ran")
	c := fakeRule("C", "none-ran")
	catalog := []Rule{a, b, c}
	ran := []Rule{a}
	results := []result.Result{res("A", result.Pass)}
	failing := []result.Result{res("A", result.Fail)}
	for _, tc := range []struct {
		control string
		results []result.Result
		status  result.Status
		note    []string
	}{
		{"two-rules", results, result.Unknown, []string{"assessed by 1 of 2 rules", "not run: B"}},
		{"two-rules-fail", failing, result.Fail, []string{"assessed by 1 of 2 rules"}},
		{"none-ran", results, result.Unknown, []string{"assessed by 0 of 2 rules", "not run: B, C"}},
		{"all-ran", results, result.Pass, nil},
		{"manual-none-ran", results, result.Manual, nil},
	} {
		t.Run(tc.control, func(t *testing.T) {
			var got result.ControlResult
			for _, cr := range ControlResults(fw, catalog, ran, tc.results) {
				if cr.ID == tc.control {
					got = cr
				}
			}
			if got.Status != tc.status {
				t.Errorf("status = %s, want %s (note %q)", got.Status, tc.status, got.Note)
			}
			for _, s := range tc.note {
				if !strings.Contains(got.Note, s) {
					t.Errorf("note = %q, want it to mention %q", got.Note, s)
				}
			}
			if strings.Contains(got.Note, "no iamaudit rule") {
				t.Errorf("note = %q claims no rule assesses a control that has rules", got.Note)
			}
		})
	}
}
