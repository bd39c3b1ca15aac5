package report

import (
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"

	"github.com/iamaudit/iamaudit/result"
)

// HTMLWriter writes one self-contained HTML page for auditors: inline CSS,
// inline SVG charts and one inline script allowed by its SHA-256 hash in
// the page's Content-Security-Policy, which forbids everything else
// (default-src 'none': no network, no other script, no frames). The file
// can be mailed or archived and opened anywhere, and prints cleanly.
//
// Order: the executive summary (score, grade, completeness, counts by
// severity and status), per-framework compliance, the findings grouped by
// rule (text and fix once, resources below; rules with only passing
// results collapsed), then the run's identity (tool and rule-catalog
// versions, account, caller, time, flags, evidence gaps). The script adds
// filters (status, severity, framework) and sorting; without it the page is
// complete, just static.
//
// Every value goes through html/template's contextual escaping: resource
// names and reasons come from the audited account and must never become
// markup.
type HTMLWriter struct{}

// htmlScript is the page's only script. Its hash is in the CSP, so editing
// it needs no other change.
var htmlScript = strings.TrimSuffix(htmlJS, "\n")

// htmlJS and htmlCSS are the page's script and stylesheet, kept in their own
// files so that they are written (and reviewed) once; the golden tests
// compare pages with them elided.
var (
	//go:embed html.js
	htmlJS string
	//go:embed html.css
	htmlCSS string
)

// htmlCSP is the page's Content-Security-Policy.
var htmlCSP = func() string {
	sum := sha256.Sum256([]byte(htmlScript))
	return "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" +
		base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
}()

// htmlView is what the template sees.
type htmlView struct {
	R          *Report
	CSP        string
	CSS        template.CSS
	Script     template.JS
	Score      string
	Collected  string
	ReportAge  string
	Status     []htmlBar
	SevBars    []htmlSevBar
	Frameworks []htmlFramework
	Groups     []htmlGroup
	FwIDs      []string
	Severities []result.Severity
	// SuppressionNotes lists the expired and stale suppression entries.
	SuppressionNotes []string
	BaselineAt       string
	// Resolved lists the first htmlMaxResolved resolved results.
	Resolved     []result.Result
	MoreResolved int
	// AccountHead and AccountRows are the account ranking of a
	// multi-account report (see accountRows); empty otherwise.
	AccountHead []string
	AccountRows [][]string
	// Admins is the administrators section (html_admins.go); nil when the
	// scan did not assess administrators.
	Admins *htmlAdmins
}

// htmlMaxResolved caps the resolved findings the run section lists.
const htmlMaxResolved = 100

// htmlBar is one segment of the status bar chart (SVG units: a 0..1000 bar).
type htmlBar struct {
	Status result.Status
	Class  string
	N      int
	X, W   int
}

// htmlSevBar is one severity's FAIL bar.
type htmlSevBar struct {
	Severity result.Severity
	N        int
	Y, W     int
}

type htmlFramework struct {
	ID                                   string
	Passed, Failed, Unknown, Manual, All int
	Percent                              int
	// Bars are the stacked bar's segments (0..200 SVG units).
	Bars     []htmlBar
	Controls []result.ControlResult
}

type htmlGroup struct {
	Rule       result.RuleInfo
	Order      int
	Worst      result.Status
	Severity   result.Severity
	Statuses   string
	Frameworks string
	Controls   string
	Counts     StatusCounts
	Open       bool
	Shown      []htmlRes // FAIL, UNKNOWN and MANUAL results
	Passed     []htmlRes
}

type htmlRes struct {
	result.Result
	Label string
	// Note is the drift note, or the suppression that accepted the result.
	Note string
}

var htmlFuncs = template.FuncMap{
	"lower": func(s any) string { return strings.ToLower(fmt.Sprint(s)) },
	"join":  func(s []string, sep string) string { return strings.Join(s, sep) },
}

var htmlTemplate = template.Must(template.New("report").Funcs(htmlFuncs).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="iamaudit {{.R.Meta.ToolVersion}}">
<title>IAM audit report{{with .R.Meta.AccountID}} – {{.}}{{end}}</title>
<style>
{{.CSS}}</style>
</head>
<body>
<header>
<h1>IAM audit report</h1>
<p class="sub">{{if .AccountRows}}{{len .AccountRows}} accounts, caller's {{end}}Account <strong id="run-account">{{or .R.Meta.AccountID "n/a"}}</strong>{{with .R.Meta.AccountName}} ({{.}}){{end}} · collected {{.Collected}} · iamaudit {{or .R.Meta.ToolVersion "n/a"}}</p>
</header>

<section id="summary">
<h2>Executive summary</h2>
<div class="cards">
<div class="card"><div>Score</div><div class="big" id="sum-score">{{if .R.Score.Applicable}}{{printf "%.1f" .R.Score.Value}}{{else}}n/a{{end}}</div><div>grade <span class="grade" id="sum-grade">{{.R.Score.Grade}}</span></div></div>
<div class="card"><div>Completeness</div>{{if .R.Score.Complete}}<div class="big complete" id="sum-complete">COMPLETE</div><div>all evidence needed was collected</div>{{else}}<div class="big incomplete" id="sum-complete">INCOMPLETE</div><div>{{.R.Score.Totals.Unknown}} result(s) UNKNOWN for lack of evidence; the score may be too kind</div>{{end}}</div>
<div class="card"><div>Results</div>
<svg width="320" height="36" viewBox="0 0 1000 110" preserveAspectRatio="none" role="img" aria-label="results by status">{{range .Status}}{{if .N}}<rect class="{{.Class}}" x="{{.X}}" y="0" width="{{.W}}" height="110"><title>{{.Status}}: {{.N}}</title></rect>{{end}}{{end}}</svg>
<div>{{range .Status}}{{if or .N (ne .Class "suppressed")}}<span class="{{.Class}}">■ {{.Status}} {{.N}}</span> {{end}}{{end}}</div>
</div>
<div class="card"><div>Failures by severity</div>
<svg width="300" height="110" viewBox="0 0 300 110" role="img" aria-label="failing results by severity">{{range .SevBars}}<text x="0" y="{{.Y}}" dy="12">{{.Severity}}</text><rect class="fail" x="80" y="{{.Y}}" width="{{.W}}" height="15"/><text x="{{.W}}" dx="86" y="{{.Y}}" dy="12">{{.N}}</text>{{end}}</svg>
</div>
</div>
{{if not .R.Score.Complete}}<p class="warn">Some evidence could not be collected: every result that needed it is UNKNOWN, never PASS. See <a href="#run">evidence gaps</a>.</p>
{{end}}<table id="counts">
<thead><tr><th>Severity</th><th class="num">FAIL</th><th class="num">UNKNOWN</th><th class="num">MANUAL</th><th class="num">PASS</th><th class="num">Total</th></tr></thead>
<tbody>
{{range .R.Score.Counts}}<tr data-severity="{{.Severity}}"><td>{{.Severity}}</td><td class="num" data-count="fail">{{.Fail}}</td><td class="num" data-count="unknown">{{.Unknown}}</td><td class="num" data-count="manual">{{.Manual}}</td><td class="num" data-count="pass">{{.Pass}}</td><td class="num" data-count="total">{{.Total}}</td></tr>
{{end}}</tbody>
{{with .R.Score.Totals}}<tfoot><tr data-severity="TOTAL"><th>Total</th><th class="num" data-count="fail">{{.Fail}}</th><th class="num" data-count="unknown">{{.Unknown}}</th><th class="num" data-count="manual">{{.Manual}}</th><th class="num" data-count="pass">{{.Pass}}</th><th class="num" data-count="total">{{.Total}}</th></tr></tfoot>
{{end}}</table>
{{if .AccountRows}}<h2 id="accounts-title">Accounts, worst first (FAIL counts by severity)</h2>
<table id="accounts">
<thead><tr>{{range .AccountHead}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .AccountRows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}</section>

<section id="compliance">
<h2>Compliance by framework</h2>
{{if .Frameworks}}<p class="sub">A control passes when all its rules pass, fails when any fails, and is unknown when any could not decide; manual controls need a person. Percent: passed controls of all listed.</p>
<table class="sortable" id="frameworks">
<thead><tr><th>Framework</th><th class="num" data-num>Passed</th><th class="num" data-num>Failed</th><th class="num" data-num>Unknown</th><th class="num" data-num>Manual</th><th class="num" data-num>Controls</th><th data-num>Passed %</th></tr></thead>
<tbody>
{{range .Frameworks}}<tr data-framework="{{.ID}}"><td>{{.ID}}</td><td class="num">{{.Passed}}</td><td class="num">{{.Failed}}</td><td class="num">{{.Unknown}}</td><td class="num">{{.Manual}}</td><td class="num">{{.All}}</td><td data-v="{{.Percent}}"><svg width="120" height="14" viewBox="0 0 200 20" aria-hidden="true">{{range .Bars}}{{if .N}}<rect class="{{.Class}}" x="{{.X}}" y="0" width="{{.W}}" height="20"/>{{end}}{{end}}</svg> {{.Percent}}%</td></tr>
{{end}}</tbody>
</table>
{{range .Frameworks}}<details class="controls"><summary>{{.ID}}: {{.All}} controls</summary>
<table class="sortable">
<thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Rules</th></tr></thead>
<tbody>
{{range .Controls}}<tr><td>{{.ID}}</td><td>{{.Title}}</td><td class="{{lower .Status}}">{{.Status}}</td><td>{{if .Rules}}{{join .Rules ", "}}{{else if not .Automated}}manual: no automated rule{{end}}{{if .Note}}<br><small>{{.Note}}</small>{{end}}</td></tr>
{{end}}</tbody>
</table>
</details>
{{end}}{{else}}<p>No framework controls were evaluated.</p>
{{end}}</section>

{{template "admins" .}}<section id="findings">
<h2>Findings by rule</h2>
<div class="filters noprint">
<label>Status <select id="f-status"><option value="">any</option><option>FAIL</option><option>UNKNOWN</option><option>SUPPRESSED</option><option>MANUAL</option><option>PASS</option></select></label>
<label>Severity <select id="f-severity"><option value="">any</option>{{range .Severities}}<option>{{.}}</option>{{end}}</select></label>
<label>Framework <select id="f-framework"><option value="">any</option>{{range .FwIDs}}<option>{{.}}</option>{{end}}</select></label>
<label>Sort <select id="f-sort"><option value="">status, severity</option><option value="severity">severity</option><option value="count">resources</option><option value="rule">rule ID</option></select></label>
<span><span id="shown">{{len .Groups}}</span> of {{len .Groups}} rules shown</span>
</div>
{{if not .Groups}}<p>No results.</p>
{{end}}<div id="groups">
{{range .Groups}}<details class="group" id="rule-{{.Rule.ID}}" data-rule="{{.Rule.ID}}" data-order="{{.Order}}" data-worst="{{.Worst}}" data-statuses="{{.Statuses}}" data-severity="{{.Severity}}" data-frameworks="{{.Frameworks}}" data-count="{{.Counts.Total}}"{{if .Open}} open{{end}}>
<summary><span class="badge {{lower .Worst}}">{{.Worst}}</span> <span class="sev">{{.Severity}}</span> <span class="rid">{{.Rule.ID}}</span> {{.Rule.Title}} — {{with .Counts}}{{if .Fail}}<span class="fail">{{.Fail}} failing</span> {{end}}{{if .Unknown}}<span class="unknown">{{.Unknown}} unknown</span> {{end}}{{if .Manual}}<span class="manual">{{.Manual}} manual</span> {{end}}{{if .Pass}}<span class="pass">{{.Pass}} passing</span>{{end}}{{end}}</summary>
{{with .Rule.Rationale}}<p>{{.}}</p>
{{end}}{{if and .Rule.Remediation .Counts.Fail}}<div class="fix"><strong>Fix:</strong> {{.Rule.Remediation}}{{with .Rule.RemediationCLI}}<pre>{{join . "\n"}}</pre>{{end}}</div>
{{end}}{{with .Controls}}<p><small>Controls: {{.}}</small></p>
{{end}}{{with .Shown}}<table class="sortable">
<thead><tr><th>Status</th><th>Resource</th><th>Details</th></tr></thead>
<tbody>
{{range .}}<tr><td class="{{lower .Status}}">{{.Status}}</td><td>{{.Label}}{{if and .Resource (ne .Resource .Label)}}<br><span class="arn">{{.Resource}}</span>{{end}}</td><td>{{with .Note}}<em>{{.}}</em> {{end}}{{.Reason}}{{if .Missing}}<ul>{{range .Missing}}<li>{{.}}</li>{{end}}</ul>{{end}}</td></tr>
{{end}}</tbody>
</table>
{{end}}{{with .Passed}}<details class="passed"><summary class="pass">{{len .}} passing resource(s)</summary>
<table class="sortable">
<thead><tr><th>Resource</th><th>Details</th></tr></thead>
<tbody>
{{range .}}<tr><td>{{.Label}}{{if and .Resource (ne .Resource .Label)}}<br><span class="arn">{{.Resource}}</span>{{end}}</td><td>{{.Reason}}</td></tr>
{{end}}</tbody>
</table>
</details>
{{end}}{{with .Rule.References}}<p><small>References: {{range $i, $u := .}}{{if $i}} · {{end}}<a href="{{$u}}" rel="noreferrer">{{$u}}</a>{{end}}</small></p>
{{end}}</details>
{{end}}</div>
</section>

<section id="run">
<h2>About this run</h2>
<dl class="run">
<dt>Tool version</dt><dd id="run-tool">{{or .R.Meta.ToolVersion "n/a"}}</dd>
<dt>Rule catalog</dt><dd id="run-catalog">{{or .R.Meta.RuleCatalogVersion "n/a"}} ({{len .R.Rules}} rules)</dd>
<dt>Account</dt><dd>{{or .R.Meta.AccountID "n/a"}}{{with .R.Meta.AccountName}} ({{.}}){{end}}{{with .R.Meta.Partition}}, partition {{.}}{{end}}</dd>
<dt>Caller</dt><dd>{{or .R.Meta.CallerARN "n/a"}}</dd>
<dt>Collected at</dt><dd>{{.Collected}}</dd>
<dt>Credential report age</dt><dd>{{.ReportAge}}</dd>
<dt>Framework</dt><dd>{{or .R.Meta.Framework "all"}}</dd>
<dt>Flags</dt><dd>{{if .R.Meta.Flags}}<code>{{join .R.Meta.Flags " "}}</code>{{else}}none{{end}}</dd>
{{with .R.Drift}}<dt>Baseline</dt><dd id="run-baseline">collected at {{$.BaselineAt}}: {{.New}} new ({{.NewFailures}} new failure(s)), {{.Changed}} changed, {{.Resolved}} resolved, {{.Unchanged}} unchanged{{with $.Resolved}}<ul>{{range .}}<li>resolved: {{.RuleID}} {{.Resource}} (was {{.Status}} {{.Severity}})</li>{{end}}{{with $.MoreResolved}}<li>and {{.}} more (see the JSON report)</li>{{end}}</ul>{{end}}</dd>
{{end}}{{with .SuppressionNotes}}<dt>Suppressions to renew or remove</dt><dd id="run-suppressions"><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></dd>
{{end}}<dt>Evidence gaps</dt><dd>{{if .R.Meta.EvidenceGaps}}<ul>{{range .R.Meta.EvidenceGaps}}<li>{{.}}</li>{{end}}</ul>{{else}}none{{end}}</dd>
</dl>
</section>
<script>{{.Script}}</script>
</body>
</html>
`))

// statusClass is a status's CSS class; the switch leaves room for new
// statuses (SUPPRESSED) without touching the template.
func statusClass(s result.Status) string {
	switch s {
	case result.Fail, result.Unknown, result.Manual, result.Pass, result.Suppressed:
		return strings.ToLower(string(s))
	}
	return "other"
}

// htmlStatuses is the order statuses appear in bars and counts.
var htmlStatuses = []result.Status{result.Fail, result.Unknown, result.Suppressed, result.Manual, result.Pass}

// bars splits total SVG units among counts, in htmlStatuses order.
func bars(counts []int, total int) []htmlBar {
	sum := 0
	for _, n := range counts {
		sum += n
	}
	out := make([]htmlBar, len(counts))
	x := 0
	for i, n := range counts {
		w := 0
		if sum > 0 {
			w = n * total / sum
		}
		out[i] = htmlBar{Status: htmlStatuses[i], Class: statusClass(htmlStatuses[i]), N: n, X: x, W: w}
		x += w
	}
	return out
}

// worstOrder ranks statuses for a group's badge: the one that needs action.
func worstOrder(s result.Status) int { return -statusOrder(s) }

func (HTMLWriter) buildView(r *Report) htmlView {
	t := r.Score.Totals
	v := htmlView{
		R:                r,
		CSP:              htmlCSP,
		CSS:              template.CSS(htmlCSS),
		Script:           template.JS(htmlScript),
		Score:            r.Score.Text(),
		Collected:        formatTime(r.Meta.CollectedAt),
		ReportAge:        formatAge(r.Meta.CredentialReportAge),
		Status:           bars([]int{t.Fail, t.Unknown, t.Suppressed, t.Manual, t.Pass}, 1000),
		SuppressionNotes: suppressionNotes(r),
		AccountRows:      accountRows(r),
		AccountHead:      accountRowHeader,
		Severities:       result.Severities,
		Admins:           htmlAdminsView(r),
	}
	if d := r.Drift; d != nil {
		v.BaselineAt = formatTime(d.BaselineCollectedAt)
		v.Resolved = d.ResolvedResults[:min(len(d.ResolvedResults), htmlMaxResolved)]
		v.MoreResolved = len(d.ResolvedResults) - len(v.Resolved)
	}
	maxFail := 1
	for _, c := range r.Score.Counts {
		maxFail = max(maxFail, c.Fail)
	}
	for i, c := range r.Score.Counts {
		if i >= 5 {
			break
		}
		v.SevBars = append(v.SevBars, htmlSevBar{Severity: c.Severity, N: c.Fail, Y: i * 21, W: c.Fail * 180 / maxFail})
	}

	// Per-framework compliance, from every framework's controls when the
	// caller computed them, else from the selected framework's.
	controls := r.Compliance
	if len(controls) == 0 {
		controls = r.Controls
	}
	fwIndex := map[string]int{}
	for _, c := range controls {
		i, ok := fwIndex[c.Framework]
		if !ok {
			i = len(v.Frameworks)
			fwIndex[c.Framework] = i
			v.Frameworks = append(v.Frameworks, htmlFramework{ID: c.Framework})
		}
		f := &v.Frameworks[i]
		f.Controls = append(f.Controls, c)
		f.All++
		switch c.Status {
		case result.Pass:
			f.Passed++
		case result.Fail:
			f.Failed++
		case result.Manual:
			f.Manual++
		default:
			f.Unknown++
		}
	}
	for i := range v.Frameworks {
		f := &v.Frameworks[i]
		f.Percent = 100 * f.Passed / max(f.All, 1)
		f.Bars = bars([]int{f.Failed, f.Unknown, 0, f.Manual, f.Passed}, 200)
	}

	// One group per rule: its worst status first, PASS-only rules collapsed.
	groups := map[string]*htmlGroup{}
	var order []string
	fwSeen := map[string]bool{}
	for _, res := range r.Results {
		g, ok := groups[res.RuleID]
		if !ok {
			ri, _ := r.Rule(res.RuleID)
			var fws []string
			for _, c := range ri.Controls {
				if !slices.Contains(fws, c.Framework) {
					fws = append(fws, c.Framework)
				}
				fwSeen[c.Framework] = true
			}
			g = &htmlGroup{Rule: ri, Worst: res.Status, Severity: res.Severity,
				Frameworks: strings.Join(fws, " "), Controls: controlList(ri.Controls)}
			groups[res.RuleID] = g
			order = append(order, res.RuleID)
		}
		g.Counts.add(res.Status)
		if worstOrder(res.Status) > worstOrder(g.Worst) {
			g.Worst = res.Status
		}
		if res.Severity.Rank() > g.Severity.Rank() {
			g.Severity = res.Severity
		}
		hr := htmlRes{Result: res, Label: resourceIn(r, res), Note: driftNote(res)}
		if sd := suppressedDetails(res); sd != "" {
			hr.Note = sd + "."
		}
		if res.Status == result.Pass {
			g.Passed = append(g.Passed, hr)
		} else {
			g.Shown = append(g.Shown, hr)
		}
	}
	for _, id := range order {
		g := groups[id]
		var sts []string
		for _, s := range htmlStatuses {
			if g.has(s) {
				sts = append(sts, string(s))
			}
		}
		g.Statuses = strings.Join(sts, " ")
		g.Open = g.Worst != result.Pass
		v.Groups = append(v.Groups, *g)
	}
	slices.SortStableFunc(v.Groups, func(a, b htmlGroup) int {
		return cmp.Or(
			cmp.Compare(statusOrder(a.Worst), statusOrder(b.Worst)),
			cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
			cmp.Compare(a.Rule.ID, b.Rule.ID),
		)
	})
	for i := range v.Groups {
		v.Groups[i].Order = i
	}
	for _, f := range v.Frameworks {
		fwSeen[f.ID] = true
	}
	for id := range fwSeen {
		v.FwIDs = append(v.FwIDs, id)
	}
	slices.Sort(v.FwIDs)
	return v
}

func (g *htmlGroup) has(s result.Status) bool {
	switch s {
	case result.Fail:
		return g.Counts.Fail > 0
	case result.Unknown:
		return g.Counts.Unknown > 0
	case result.Manual:
		return g.Counts.Manual > 0
	case result.Pass:
		return g.Counts.Pass > 0
	case result.Suppressed:
		return g.Counts.Suppressed > 0
	}
	return false
}

// Write implements Writer.
func (h HTMLWriter) Write(w io.Writer, r *Report) error {
	if err := htmlTemplate.Execute(w, h.buildView(r)); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}
