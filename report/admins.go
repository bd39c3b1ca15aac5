package report

// The administrators section: every principal of each account that is, can
// become, or may be admin (result.AdminInventory). Report.Admins is nil
// when the scan did not assess administrators (neither admin rule was
// selected): writers then print nothing, never an empty section that would
// read as "no administrators". SARIF, ASFF, OCSF, JUnit and CSV carry
// findings only: the inventory is not a finding, and its failures are
// already there as IAM-ADMIN-ESCALATION-PATH and IAM-ADMIN-UNPROTECTED
// results.

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/result"
)

// adminsPointer tells a reader of a summary where the full inventory is.
const adminsPointer = "each principal, its path and its protections: 'iamaudit admins --from EVIDENCE' (evidence written by 'iamaudit collect'), or the JSON, HTML and Markdown reports"

// adminsCountText is the inventory in one sentence of counts.
func adminsCountText(invs []result.AdminInventory) string {
	c := result.CountAdmins(invs)
	s := fmt.Sprintf("%d admin, %d can become admin, %d may be admin; %d not protected, %d with protections unknown",
		c.Admin, c.CanBecome, c.Maybe, c.Unprotected, c.Unjudged)
	if c.Unassessed > 0 {
		s += fmt.Sprintf("; %d account(s) not assessed", c.Unassessed)
	}
	return s
}

// adminProtection is a protection verdict for reading.
func adminProtection(st result.Status) string {
	switch st {
	case result.Pass:
		return "protected"
	case result.Fail:
		return "NOT protected"
	}
	return "unknown"
}

// adminHops is an entry's hop count for reading ("-" without a certain path).
func adminHops(e result.AdminEntry) string {
	if e.Hops < 0 {
		return "-"
	}
	return strconv.Itoa(e.Hops)
}

// adminHow is what an entry's row says about how: its path, or what is not
// settled.
func adminHow(e result.AdminEntry) string {
	if e.Unknown != "" {
		return e.Unknown
	}
	return e.Path
}

// writeAdmins is the table report's summary of the inventory.
func (t *TableWriter) writeAdmins(w io.Writer, r *Report, width int) error {
	if r.Admins == nil {
		return nil
	}
	ew := &errWriter{w: w}
	ew.printf("Administrators (IAM-ADMIN-ESCALATION-PATH, IAM-ADMIN-UNPROTECTED)\n")
	ew.printf("  %s\n", indent(wrap(adminsCountText(r.Admins), width-2), "  "))
	for _, inv := range r.Admins {
		if inv.Unknown != "" {
			line := "not assessed: " + textsafe.Clean(inv.Unknown)
			if len(r.Admins) > 1 || r.MultiAccount() {
				line = textsafe.Clean(AccountLabel(inv.AccountID, inv.AccountName)) + " " + line
			}
			ew.printf("  %s\n", indent(wrap(line, width-2), "  "))
		}
	}
	ew.printf("  %s\n\n", indent(wrap(adminsPointer, width-2), "  "))
	return ew.err
}

// WriteAdminsTable writes the inventory as 'iamaudit admins' prints it: one
// row per principal (kind, name, status, hops, protection, how), then the
// protections that are not PASS, with their reasons. Account text is
// cleaned of control characters.
func WriteAdminsTable(w io.Writer, invs []result.AdminInventory) error {
	multi := len(invs) > 1
	ew := &errWriter{w: w}
	var rows []result.AdminEntry
	var accts []string
	for _, inv := range invs {
		label := textsafe.Clean(AccountLabel(inv.AccountID, inv.AccountName))
		if inv.Unknown != "" {
			if multi {
				ew.printf("%s: ", label)
			}
			ew.printf("UNKNOWN: %s\n", textsafe.Clean(inv.Unknown))
			continue
		}
		for _, e := range inv.Principals {
			rows = append(rows, e)
			accts = append(accts, label)
		}
	}
	if ew.err != nil {
		return ew.err
	}
	if len(rows) == 0 {
		if result.CountAdmins(invs).Unassessed < len(invs) || len(invs) == 0 {
			ew.printf("No IAM user or role is, can become, or may be admin.\n")
		}
		return ew.err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := "KIND\tNAME\tSTATUS\tHOPS\tPROTECTION\tHOW"
	if multi {
		head = "ACCOUNT\t" + head
	}
	fmt.Fprintln(tw, head)
	for i, e := range rows {
		if multi {
			fmt.Fprintf(tw, "%s\t", accts[i])
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", textsafe.Clean(e.Kind), textsafe.Short(e.Name, 64), textsafe.Clean(e.Status),
			adminHops(e), adminProtection(e.Protection), textsafe.Short(adminHow(e), 160))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var notes []string
	for i, e := range rows {
		if e.Protection != result.Pass && e.ProtectionReason != "" {
			who := e.Kind + " " + textsafe.Short(e.Name, 64)
			if multi {
				who = accts[i] + " " + who
			}
			notes = append(notes, who+": "+textsafe.Short(e.ProtectionReason, 400))
		}
	}
	if len(notes) > 0 {
		ew.printf("\nProtections not judged PASS (IAM-ADMIN-UNPROTECTED):\n  %s\n", strings.Join(notes, "\n  "))
	}
	return ew.err
}

// writeAdminsMarkdown is the Markdown report's administrators section: a
// table per report, capped at mdMaxResources rows.
func writeAdminsMarkdown(p func(string, ...any), r *Report) {
	if r.Admins == nil {
		return
	}
	multi := r.MultiAccount() || len(r.Admins) > 1
	p("## Administrators\n\n%s.\n\n", md(adminsCountText(r.Admins)))
	for _, inv := range r.Admins {
		if inv.Unknown != "" {
			p("- **%s**: not assessed: %s\n", md(AccountLabel(inv.AccountID, inv.AccountName)), md(inv.Unknown))
		}
	}
	if result.CountAdmins(r.Admins).Unassessed > 0 {
		p("\n")
	}
	n := 0
	for _, inv := range r.Admins {
		n += len(inv.Principals)
	}
	if n == 0 {
		return
	}
	if multi {
		p("| Account | Kind | Name | Status | Hops | Protection | How |\n|---|---|---|---|--:|---|---|\n")
	} else {
		p("| Kind | Name | Status | Hops | Protection | How |\n|---|---|---|--:|---|---|\n")
	}
	shown := 0
	for _, inv := range r.Admins {
		for _, e := range inv.Principals {
			if shown == mdMaxResources {
				p("\n… and %d more (see the JSON or HTML report, or 'iamaudit admins')\n", n-shown)
				p("\n")
				return
			}
			shown++
			if multi {
				p("| %s ", md(AccountLabel(inv.AccountID, inv.AccountName)))
			}
			// The reason says "unprotected: ..." or "its protections cannot be
			// judged: ..." itself; a PASS needs only the word.
			prot := adminProtection(e.Protection)
			if e.Protection != result.Pass && e.ProtectionReason != "" {
				prot = e.ProtectionReason
			}
			p("| %s | %s | %s | %s | %s | %s |\n", md(e.Kind), md(e.Name), md(e.Status), adminHops(e), md(prot), md(adminHow(e)))
		}
	}
	p("\n")
}

// jsonAdminsHead is an inventory's fields before its principals, in the
// order result.AdminInventory encodes them.
type jsonAdminsHead struct {
	AccountID   string `json:"account_id"`
	AccountName string `json:"account_name,omitempty"`
	Unknown     string `json:"unknown,omitempty"`
}

// writeAdminsJSON writes the JSON report's "admins" section, when there is
// one: each inventory's head on one line, then one principal per line, as
// the results are written (greppable, diffable). Absent means not
// assessed; an account with "principals": [] and no "unknown" has none.
func writeAdminsJSON(bw *bufio.Writer, enc *lineEncoder, invs []result.AdminInventory) error {
	if invs == nil {
		return nil
	}
	if len(invs) == 0 {
		bw.WriteString("  \"admins\": [],\n")
		return nil
	}
	bw.WriteString("  \"admins\": [\n")
	for i, inv := range invs {
		head, err := enc.encode(jsonAdminsHead{inv.AccountID, inv.AccountName, inv.Unknown})
		if err != nil {
			return err
		}
		bw.WriteString("    ")
		bw.Write(head[:len(head)-1])
		bw.WriteString(`,"principals":[`)
		for k, e := range inv.Principals {
			b, err := enc.encode(e)
			if err != nil {
				return err
			}
			bw.WriteString("\n      ")
			bw.Write(b)
			if k < len(inv.Principals)-1 {
				bw.WriteByte(',')
			}
		}
		if len(inv.Principals) > 0 {
			bw.WriteString("\n    ")
		}
		bw.WriteString("]}")
		if i < len(invs)-1 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
	}
	bw.WriteString("  ],\n")
	return nil
}

// readAdmins is the "admins" section as read back: nil stays nil (not
// assessed); a principals list that is missing reads as empty.
func readAdmins(invs []result.AdminInventory) []result.AdminInventory {
	for i := range invs {
		if invs[i].Principals == nil {
			invs[i].Principals = []result.AdminEntry{}
		}
	}
	return invs
}

// mergeAdmins joins the parts' inventories, sorted by account. A part
// without one, when others have one, gets an inventory per account saying
// so: a merged report never reads "no administrators" for an account whose
// report did not assess them. nil when no part has one.
func mergeAdmins(parts []*Report) []result.AdminInventory {
	var out []result.AdminInventory
	some := false
	for _, p := range parts {
		some = some || p.Admins != nil
	}
	if !some {
		return nil
	}
	for _, p := range parts {
		if p.Admins != nil {
			out = append(out, p.Admins...)
			continue
		}
		accounts := p.Meta.Accounts
		if len(accounts) == 0 {
			accounts = []result.Account{{ID: p.Meta.AccountID, Name: p.Meta.AccountName}}
		}
		for _, a := range accounts {
			out = append(out, result.AdminInventory{AccountID: a.ID, AccountName: a.Name, Principals: []result.AdminEntry{},
				Unknown: "its report carries no administrator inventory"})
		}
	}
	slices.SortStableFunc(out, func(a, b result.AdminInventory) int { return cmp.Compare(a.AccountID, b.AccountID) })
	return out
}
