package report

import (
	"html/template"
	"slices"

	"github.com/iamaudit/iamaudit/internal/textsafe"

	"github.com/iamaudit/iamaudit/result"
)

// htmlAdmins is the administrators section's view: the inventory for
// access reviewers, nil when the scan did not assess administrators.
type htmlAdmins struct {
	Multi  bool
	Counts result.AdminCounts
	// Unassessed lists the accounts that could not be assessed, with why.
	Unassessed []string
	Rows       []htmlAdminRow
}

type htmlAdminRow struct {
	Account string
	result.AdminEntry
	HopsText, ProtectionText, ProtectionClass string
}

func htmlAdminsView(r *Report) *htmlAdmins {
	if r.Admins == nil {
		return nil
	}
	v := &htmlAdmins{Multi: r.MultiAccount() || len(r.Admins) > 1, Counts: result.CountAdmins(r.Admins)}
	for _, inv := range r.Admins {
		label := textsafe.Clean(AccountLabel(inv.AccountID, inv.AccountName))
		if inv.Unknown != "" {
			v.Unassessed = append(v.Unassessed, textsafe.Clean(label+": "+inv.Unknown))
		}
		for _, e := range inv.Principals {
			cls := statusClass(e.Protection)
			if e.Protection != result.Pass && e.Protection != result.Fail {
				cls = "unknown"
			}
			v.Rows = append(v.Rows, htmlAdminRow{Account: label, AdminEntry: cleanAdminEntry(e), HopsText: adminHops(e),
				ProtectionText: adminProtection(e.Protection), ProtectionClass: cls})
		}
	}
	return v
}

// htmlAdminsTemplate is the administrators section: it is defined into
// htmlTemplate's namespace as "admins", which the page calls by name. Every
// value is escaped by html/template.
var htmlAdminsTemplate = template.Must(htmlTemplate.New("admins").Parse(`{{with .Admins}}<section id="admins">
<h2>Administrators</h2>
<p class="sub">Every user and role that is admin (its policies allow every action on every resource), can become admin (the shortest path, hop by hop, with the statements that allow each step), or may be admin (the evidence does not settle it), with its protections as IAM-ADMIN-UNPROTECTED judges them: console MFA, access-key age, dormant credentials, pinned trust (for root: MFA, and no access key or signing certificate).</p>
<p id="admins-counts"><strong id="adm-admin">{{.Counts.Admin}}</strong> admin · <strong id="adm-can">{{.Counts.CanBecome}}</strong> can become admin · <strong id="adm-maybe">{{.Counts.Maybe}}</strong> may be admin · <strong class="fail" id="adm-unprotected">{{.Counts.Unprotected}}</strong> not protected · <strong class="unknown" id="adm-unjudged">{{.Counts.Unjudged}}</strong> with protections unknown</p>
{{with .Unassessed}}<p class="warn">Not assessed:</p><ul id="admins-unassessed">{{range .}}<li>{{.}}</li>{{end}}</ul>
{{end}}{{if .Rows}}<table class="sortable" id="admins-table">
<thead><tr>{{if .Multi}}<th>Account</th>{{end}}<th>Kind</th><th>Name</th><th>Status</th><th class="num" data-num>Hops</th><th>Protections</th><th>Path</th></tr></thead>
<tbody>
{{range .Rows}}<tr data-kind="{{.Kind}}" data-status="{{.Status}}" data-protection="{{.Protection}}">{{if $.Admins.Multi}}<td>{{.Account}}</td>{{end}}<td>{{.Kind}}</td><td>{{.Name}}<br><span class="arn">{{.ARN}}</span></td><td>{{.Status}}</td><td class="num" data-v="{{.Hops}}">{{.HopsText}}</td><td><span class="badge {{.ProtectionClass}}">{{.ProtectionText}}</span>{{with .ProtectionReason}}<br><small>{{.}}</small>{{end}}</td><td>{{if .Steps}}<ol>{{range .Steps}}<li>{{.Action}}{{with .CatalogID}} <small>[pathfinding.cloud {{.}}]</small>{{end}}{{if .NeedsMFA}} <em>(needs an MFA session)</em>{{end}}{{with .GrantedBy}}<br><small>allowed: {{range $i, $g := .}}{{if $i}}; {{end}}{{$g}}{{end}}</small>{{end}}</li>{{end}}</ol>{{if .OtherPaths}}<small>{{if .OtherPathsAtLeast}}at least {{end}}{{.OtherPaths}} other path(s)</small>{{end}}{{with .Caveat}}<br><small><em>{{.}}</em></small>{{end}}{{else if .GrantedBy}}allows every action on every resource by:<ul>{{range .GrantedBy}}<li>{{.}}</li>{{end}}</ul>{{else if .Unknown}}<em>not settled:</em> {{.Unknown}}{{else}}{{.Path}}{{end}}</td></tr>
{{end}}</tbody>
</table>
{{else if not .Unassessed}}<p id="admins-none">No IAM user or role is, can become, or may be admin.</p>
{{end}}</section>

{{end}}`))

// cleanAdminEntry is e with control characters removed from every text
// (textsafe.Clean): html/template escapes markup, not terminal escapes, and
// an HTML file is also read with cat and less.
func cleanAdminEntry(e result.AdminEntry) result.AdminEntry {
	c := textsafe.Clean
	list := func(l []string) []string {
		out := slices.Clone(l)
		for i := range out {
			out[i] = c(out[i])
		}
		return out
	}
	e.Kind, e.Name, e.ARN, e.Status, e.Path, e.Caveat = c(e.Kind), c(e.Name), c(e.ARN), c(e.Status), c(e.Path), c(e.Caveat)
	e.ProtectionReason, e.Unknown = c(e.ProtectionReason), c(e.Unknown)
	e.GrantedBy = list(e.GrantedBy)
	steps := slices.Clone(e.Steps)
	for i, st := range steps {
		st.From, st.To, st.Action, st.CatalogID, st.GrantedBy = c(st.From), c(st.To), c(st.Action), c(st.CatalogID), list(st.GrantedBy)
		steps[i] = st
	}
	e.Steps = steps
	return e
}
