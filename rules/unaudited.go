package rules

import "github.com/iamaudit/iamaudit/result"

// Unaudited is the verdict on an account that could not be audited at all
// in a multi-account run (its role could not be assumed, its collection
// failed): one UNKNOWN per rule on the account itself, with the reason,
// so the account is listed with what was not checked instead of missing.
func Unaudited(accountID string, rs []Rule, reason string) []result.Result {
	out := make([]result.Result, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.stamp(result.Result{Status: result.Unknown, ResourceType: TypeAccount,
			Resource: "AWS::::Account:" + accountID, ResourceName: accountID,
			Reason:  "the account could not be audited: " + reason,
			Missing: []string{"account: " + reason}}, accountID))
	}
	return out
}
