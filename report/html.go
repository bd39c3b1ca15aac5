package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/iamaudit/iamaudit/result"
)

// HTMLWriter writes one self-contained HTML page: inline CSS, no scripts, no
// external resources, and a Content-Security-Policy that forbids both, so the
// file can be mailed or archived and opened anywhere. Every value goes
// through html/template's contextual escaping: resource names and reasons
// come from the audited account and must never become markup.
type HTMLWriter struct{}

// htmlView is what the template sees.
type htmlView struct {
	R          *Report
	Score      string
	Collected  string
	ReportAge  string
	Unknown    int
	ResultRows []htmlRow
}

type htmlRow struct {
	result.Result
	Label    string
	Controls string
}

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"lower": func(s any) string { return strings.ToLower(fmt.Sprint(s)) },
	"join":  func(s []string, sep string) string { return strings.Join(s, sep) },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>IAM audit report{{with .R.Meta.AccountID}} – {{.}}{{end}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1b1b1b;line-height:1.4}
h1{margin-bottom:.2rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}
th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}
td.num{text-align:right}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
dt{font-weight:600}
dd{margin:0}
.status{font-weight:700;white-space:nowrap}
.fail{color:#b00020}.unknown{color:#8a5a00}.manual{color:#00608a}.pass{color:#1b6e20}
.incomplete{background:#fff4d6;border:1px solid #e0b000;padding:.5rem;display:inline-block}
.arn{font-family:ui-monospace,monospace;font-size:.85em;color:#555;word-break:break-all}
.fix{color:#333;font-size:.92em}
</style>
</head>
<body>
<h1>IAM audit report</h1>
<dl>
<dt>Account</dt><dd>{{or .R.Meta.AccountID "n/a"}}{{with .R.Meta.Partition}} (partition {{.}}){{end}}</dd>
<dt>Caller</dt><dd>{{or .R.Meta.CallerARN "n/a"}}</dd>
<dt>Collected at</dt><dd>{{.Collected}}</dd>
<dt>Credential report age</dt><dd>{{.ReportAge}}</dd>
<dt>Framework</dt><dd>{{or .R.Meta.Framework "n/a"}}</dd>
{{with .R.Meta.ToolVersion}}<dt>Tool version</dt><dd>{{.}}</dd>
{{end}}<dt>Score</dt><dd><strong>{{.Score}}</strong></dd>
<dt>Status</dt><dd>{{if .R.Score.Complete}}COMPLETE{{else}}<span class="incomplete">INCOMPLETE: {{.Unknown}} result(s) UNKNOWN for lack of evidence; the score may be too kind</span>{{end}}</dd>
</dl>
{{with .R.Meta.EvidenceGaps}}<h2>Evidence gaps</h2>
<ul>
{{range .}}<li>{{.}}</li>
{{end}}</ul>
{{end}}<h2>Results by severity and status</h2>
<table>
<thead><tr><th>Severity</th><th>FAIL</th><th>UNKNOWN</th><th>MANUAL</th><th>PASS</th><th>Total</th></tr></thead>
<tbody>
{{range .R.Score.Counts}}<tr><td>{{.Severity}}</td><td class="num">{{.Fail}}</td><td class="num">{{.Unknown}}</td><td class="num">{{.Manual}}</td><td class="num">{{.Pass}}</td><td class="num">{{.Total}}</td></tr>
{{end}}</tbody>
{{with .R.Score.Totals}}<tfoot><tr><th>Total</th><th class="num">{{.Fail}}</th><th class="num">{{.Unknown}}</th><th class="num">{{.Manual}}</th><th class="num">{{.Pass}}</th><th class="num">{{.Total}}</th></tr></tfoot>
{{end}}</table>
<h2>Results</h2>
{{if .ResultRows}}<table>
<thead><tr><th>Status</th><th>Severity</th><th>Rule</th><th>Resource</th><th>Details</th><th>Controls</th></tr></thead>
<tbody>
{{range .ResultRows}}<tr>
<td class="status {{lower .Status}}">{{.Status}}</td>
<td>{{.Severity}}</td>
<td><strong>{{.RuleID}}</strong><br>{{.Title}}</td>
<td>{{.Label}}{{if and .Resource (ne .Resource .Label)}}<br><span class="arn">{{.Resource}}</span>{{end}}</td>
<td>{{.Reason}}{{if .Missing}}<ul>{{range .Missing}}<li>{{.}}</li>{{end}}</ul>{{end}}{{if and (eq (print .Status) "FAIL") .Remediation}}<div class="fix">Fix: {{.Remediation}}</div>{{end}}</td>
<td>{{.Controls}}</td>
</tr>
{{end}}</tbody>
</table>
{{else}}<p>No results.</p>
{{end}}{{if .R.Controls}}<h2>Controls</h2>
<table>
<thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Rules</th></tr></thead>
<tbody>
{{range .R.Controls}}<tr><td>{{.Framework}} {{.ID}}</td><td>{{.Title}}</td><td class="status {{lower .Status}}">{{.Status}}</td><td>{{if .Rules}}{{join .Rules ", "}}{{else if not .Automated}}manual: no automated rule{{end}}{{if .Note}}<br>{{.Note}}{{end}}</td></tr>
{{end}}</tbody>
</table>
{{end}}</body>
</html>
`))

// Write implements Writer.
func (HTMLWriter) Write(w io.Writer, r *Report) error {
	v := htmlView{
		R:         r,
		Score:     r.Score.Text(),
		Collected: formatTime(r.Meta.CollectedAt),
		ReportAge: formatAge(r.Meta.CredentialReportAge),
		Unknown:   r.Score.Totals.Unknown,
	}
	for _, res := range r.Results {
		controls := make([]string, len(res.Controls))
		for i, c := range res.Controls {
			controls[i] = c.String()
		}
		v.ResultRows = append(v.ResultRows, htmlRow{Result: res, Label: resourceLabel(res), Controls: strings.Join(controls, ", ")})
	}
	if err := htmlTemplate.Execute(w, v); err != nil {
		return fmt.Errorf("write html report: %w", err)
	}
	return nil
}
