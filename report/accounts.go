package report

import (
	"cmp"
	"slices"

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
	for _, r := range rs {
		if sc, ok := scorers[r.AccountID]; ok {
			sc.add(r)
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
