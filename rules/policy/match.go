package policy

import (
	"slices"
	"strings"
)

// Match reports whether an IAM action pattern matches an action, IAM-style:
// case-insensitive, '*' matches any run of characters (including none), '?'
// matches exactly one.
func Match(pattern, action string) bool {
	return globFold(pattern, action)
}

// canMatchPrefix reports whether some action starting with prefix matches
// pattern: used to ask "could this NotAction entry exclude any IAM action?".
func canMatchPrefix(pattern, prefix string) bool {
	p, s := strings.ToLower(pattern), strings.ToLower(prefix)
	for i := 0; ; i++ {
		if i == len(s) {
			return true
		}
		if i == len(p) {
			return false
		}
		if p[i] == '*' {
			return true
		}
		if p[i] != '?' && p[i] != s[i] {
			return false
		}
	}
}

// Covers reports whether the statement's action element covers action,
// regardless of effect: Action lists it, or NotAction does not.
func (s Statement) Covers(action string) bool {
	matches := func(p string) bool { return Match(p, action) }
	if s.HasNotAction {
		return !slices.ContainsFunc(s.NotAction, matches)
	}
	return slices.ContainsFunc(s.Action, matches)
}

// Allows reports whether this is an Allow statement whose action element
// covers action. Resource scope and conditions are not considered.
func (s Statement) Allows(action string) bool {
	return s.Effect == Allow && s.Covers(action)
}

// Conditional reports whether the statement has a non-empty Condition.
func (s Statement) Conditional() bool {
	for _, keys := range s.Condition {
		if len(keys) > 0 {
			return true
		}
	}
	return false
}

// AllActions reports whether an Action entry matches every action: "*",
// "*:*", or any other pattern that does ("?*:*", "**").
func (s Statement) AllActions() bool {
	return !s.HasNotAction && slices.ContainsFunc(s.Action, coversAllActions)
}

// AllResources reports whether a Resource entry matches every ARN of a
// partition: "*", "arn:*", "arn:aws:*", "arn:aws:*:*:*:*". NotResource never
// counts here (see GrantsFullAdmin for how it is judged).
func (s Statement) AllResources() bool {
	return !s.HasNotResource && slices.ContainsFunc(s.Resource, coversAllResources)
}

// notResourceKeepsIAM reports whether an Allow + NotResource statement
// still applies to every IAM resource: none of its NotResource patterns
// might match an IAM ARN.
func (s Statement) notResourceKeepsIAM() bool {
	return s.HasNotResource && !slices.ContainsFunc(s.NotResource, func(r string) bool { return overlaps(r, iamTarget) })
}
