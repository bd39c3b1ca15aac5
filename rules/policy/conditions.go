package policy

import (
	"sort"
	"strings"
)

// ConditionKeys returns the statement's conditions as sorted
// "Operator:key" strings, for reports.
func (s Statement) ConditionKeys() []string {
	var out []string
	for op, keys := range s.Condition {
		for k := range keys {
			out = append(out, op+":"+k)
		}
	}
	sort.Strings(out)
	return out
}

// narrowingOperators are the condition operators that, when the key is
// absent or the value differs, deny the request: they can only narrow a
// grant. Negated operators (StringNotEquals) and ...IfExists variants do not
// narrow reliably (an absent key passes), so they are not listed. The
// ForAnyValue: forms are listed because ForAnyValue is false when the key is
// absent; AWS documents ForAnyValue:StringLike as the way to test the
// multivalued aws:PrincipalOrgPaths. ForAllValues: is not: it is true for
// an absent key.
var narrowingOperators = map[string]bool{
	"stringequals": true, "stringequalsignorecase": true, "stringlike": true,
	"arnequals": true, "arnlike": true,
	"foranyvalue:stringequals": true, "foranyvalue:stringequalsignorecase": true, "foranyvalue:stringlike": true,
	"foranyvalue:arnequals": true, "foranyvalue:arnlike": true,
}

// NarrowingKeys returns the keys among want (case-insensitive) that this
// statement's Condition uses with a narrowing operator and values that
// confine the caller (see valuesNarrow). The result is sorted and uses the
// spelling in the document.
func (s Statement) NarrowingKeys(want ...string) []string {
	var out []string
	for op, keys := range s.Condition {
		if !narrowingOperators[strings.ToLower(op)] {
			continue
		}
		for k, vals := range keys {
			if !containsFold(want, k) || !valuesNarrow(op, k, vals) {
				continue
			}
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// valuesNarrow reports whether a condition's values confine a key to known
// organizations, accounts or principals. A value of only wildcards never
// does. With the wildcard-matching operators (StringLike, ArnLike and
// ArnEquals, which IAM documents as matching '*' and '?' in each ARN
// component) a condition matches when any value matches, so every value
// must be confining: an ARN whose account field holds a wildcard
// ("arn:aws:iam::*:role/x" is role x in every account), an account or
// organization ID with a wildcard, or an organization path whose
// organization ID has one, confines nothing.
func valuesNarrow(op, key string, vals []string) bool {
	if len(vals) == 0 || onlyWildcards(vals) {
		return false
	}
	lop := strings.ToLower(op)
	if !strings.Contains(lop, "like") && !strings.Contains(lop, "arnequals") && !strings.Contains(lop, "arnnotequals") {
		return true
	}
	for _, v := range vals {
		if strings.Trim(v, "*?") == "" {
			return false
		}
		switch strings.ToLower(key) {
		case "aws:principalarn", "aws:sourcearn":
			parts := strings.SplitN(v, ":", 6)
			if len(parts) < 6 {
				if strings.ContainsAny(v, "*?") {
					return false
				}
			} else if strings.ContainsAny(parts[4], "*?") || (parts[4] == "" && strings.ContainsAny(parts[2], "*?")) {
				return false
			}
		case "aws:principalorgpaths", "aws:sourceorgpaths":
			org, _, _ := strings.Cut(v, "/")
			if strings.ContainsAny(org, "*?") {
				return false
			}
		case "aws:principalaccount", "aws:sourceaccount", "aws:principalorgid", "aws:sourceorgid":
			if strings.ContainsAny(v, "*?") {
				return false
			}
		}
	}
	return true
}

// negatedOperators are the condition operators that are true when the key
// is absent or differs from every value: in a Deny statement they deny every
// request that does not carry one of the listed values.
var negatedOperators = map[string]bool{
	"stringnotequals": true, "stringnotequalsignorecase": true, "stringnotlike": true,
	"arnnotequals": true, "arnnotlike": true,
}

// DenyOutsideKeys reports how a Deny statement confines its principal: it
// returns the keys among want (case-insensitive, sorted, as spelled in the
// document) when the statement's Condition consists only of negated
// operators (StringNotEquals, ArnNotLike...) on those keys with values other
// than "*". Such a Deny refuses every caller outside the listed
// organizations, accounts or principals, including callers that lack the
// key altogether (the data-perimeter pattern). Any other condition key
// makes the Deny apply less often, so then nil is returned; so it is for an
// Allow, or a Deny without conditions (which refuses everyone, and is for
// the caller to see through Covers).
func (s Statement) DenyOutsideKeys(want ...string) []string {
	if s.Effect != Deny || !s.Conditional() {
		return nil
	}
	var out []string
	for op, keys := range s.Condition {
		if !negatedOperators[strings.ToLower(op)] {
			if len(keys) > 0 {
				return nil
			}
			continue
		}
		for k, vals := range keys {
			if !containsFold(want, k) || !valuesNarrow(op, k, vals) {
				return nil
			}
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// RequiresTrue reports whether the statement requires a boolean key to be
// true with the Bool operator (not BoolIfExists, which passes when the key
// is absent, e.g. for long-term access keys and aws:MultiFactorAuthPresent).
func (s Statement) RequiresTrue(key string) bool {
	for op, keys := range s.Condition {
		if !strings.EqualFold(op, "Bool") {
			continue
		}
		for k, vals := range keys {
			if strings.EqualFold(k, key) && len(vals) > 0 && allFold(vals, "true") {
				return true
			}
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func allFold(list []string, s string) bool {
	for _, x := range list {
		if !strings.EqualFold(x, s) {
			return false
		}
	}
	return true
}

func onlyWildcards(vals []string) bool {
	for _, v := range vals {
		if strings.Trim(v, "*") != "" {
			return false
		}
	}
	return true
}
