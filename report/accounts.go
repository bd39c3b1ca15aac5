package report

import (
	"cmp"
	"slices"

	"github.com/iamaudit/iamaudit/internal/textsafe"
	"github.com/iamaudit/iamaudit/result"
)

// AccountScore is one account's line in a multi-account report: who it is,
// why it could not be audited if so, and its score over its own results.
type AccountScore struct {
	result.Account
	Score Score
}

// rankAccounts scores every account of meta.Accounts over its own results
// and ranks them worst first: accounts that could not be audited, then by
// score ascending (an account with no weighted result after every scored
// one), incomplete before complete at equal score, then by ID. The
// organization's own score is the report's Score: the same formula over
// every account's results pooled, so an account weighs by how much
// weighted evidence it holds (see README "Organization score").
func rankAccounts(meta result.Meta, rs []result.Result) []AccountScore {
	if len(meta.Accounts) == 0 {
		return nil
	}
	scorers := make(map[string]*scorer, len(meta.Accounts))
	for _, a := range meta.Accounts {
		scorers[a.ID] = newScorer()
	}
	for i := range rs {
		if sc, ok := scorers[rs[i].AccountID]; ok {
			sc.add(&rs[i])
		}
	}
	out := make([]AccountScore, len(meta.Accounts))
	for i, a := range meta.Accounts {
		out[i] = AccountScore{Account: a, Score: scorers[a.ID].score()}
	}
	b2i := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(out, func(a, b AccountScore) int {
		return cmp.Or(
			cmp.Compare(b2i(a.Error == ""), b2i(b.Error == "")),
			cmp.Compare(b2i(!a.Score.Applicable), b2i(!b.Score.Applicable)),
			cmp.Compare(a.Score.Value, b.Score.Value),
			cmp.Compare(b2i(a.Score.Complete), b2i(b.Score.Complete)),
			cmp.Compare(a.ID, b.ID),
		)
	})
	return out
}

// AccountLabel is "ID (name)", or the ID alone when the name is unknown.
func AccountLabel(id, name string) string {
	if name == "" {
		return id
	}
	return id + " (" + name + ")"
}

// MultiAccount reports whether the report covers several accounts (a scan
// --org, --accounts or --role-arn run, or a merge): writers then name each
// result's account.
func (r *Report) MultiAccount() bool { return len(r.Meta.Accounts) > 0 }

// resourceIn labels a result's resource for reading, prefixed with its
// account ("111122223333 (prod): alice") in a multi-account report.
func resourceIn(r *Report, res result.Result) string {
	if !r.MultiAccount() {
		return resourceLabel(res)
	}
	return textsafe.Clean(AccountLabel(res.AccountID, res.AccountName)) + ": " + resourceLabel(res)
}

// failCounts is an account's FAIL count per severity, most severe first,
// and its UNKNOWN total.
func failCounts(s Score) (fails []int, unknown int) {
	for _, c := range s.Counts {
		if c.Severity.Rank() >= 0 {
			fails = append(fails, c.Fail)
		}
	}
	return fails, s.Totals.Unknown
}

// accountRowHeader heads the account ranking in the text formats.
var accountRowHeader = []string{"RANK", "ACCOUNT", "NAME", "SCORE", "CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO", "UNKNOWN", "NOTE"}

// accountRows is the account ranking as text cells, worst first.
func accountRows(r *Report) [][]string {
	var rows [][]string
	for i, a := range r.Accounts {
		fails, unknown := failCounts(a.Score)
		score := "n/a"
		if a.Score.Applicable {
			score = a.Score.Text()
		}
		row := []string{itoa(i + 1), a.ID, textsafe.Clean(a.Name), score}
		for _, n := range fails {
			row = append(row, itoa(n))
		}
		note := ""
		switch {
		case a.Error != "":
			note = "not audited: " + textsafe.Short(a.Error, 300)
		case a.EvidenceGaps > 0:
			note = itoa(a.EvidenceGaps) + " evidence gap(s)"
		}
		rows = append(rows, append(row, itoa(unknown), note))
	}
	return rows
}
