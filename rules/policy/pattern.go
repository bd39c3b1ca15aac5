package policy

import "strings"

// IAM matches Action and Resource elements as patterns, not as strings:
// '*' is any run of characters and '?' exactly one (IAM User Guide,
// "IAM JSON policy elements: Resource" and "Action"). So a question such as
// "does this statement allow iam:AttachUserPolicy on every user of the
// account" is a question about pattern containment: does every ARN that the
// target describes match one of the statement's patterns. This file answers
// it exactly enough for audit questions: a target is itself a small pattern
// (literal text, "one character", "a run without ':'", "any run"), and a
// policy pattern covers it when it matches every string the target stands
// for.
//
// ARN semantics (IAM User Guide, reference_policies_elements_resource.html):
// matching is case-sensitive; a '*' that ends an ARN segment (the last
// character of the pattern, or followed by ':') may expand across ':'
// boundaries, while a '*' inside a segment stays in it. Action names match
// case-insensitively and have no segments.

// tok is one element of a target pattern.
type tok struct {
	kind byte // 'l' literal c, '?' one character, 's' a run without ':', '*' any run
	c    byte
}

var (
	anyRun     = tok{kind: '*'}
	anyOne     = tok{kind: '?'}
	segmentRun = tok{kind: 's'}
)

// target builds a target from literal strings and toks.
func target(parts ...any) []tok {
	var out []tok
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			for i := 0; i < len(v); i++ {
				out = append(out, tok{kind: 'l', c: v[i]})
			}
		case tok:
			out = append(out, v)
		}
	}
	return out
}

// orRun is the literal s, or an any-run when s is empty (an account or
// partition that is not known stands for any).
func orRun(s string) any {
	if s == "" {
		return segmentRun
	}
	return s
}

func lower(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// covers reports whether pattern p matches every string target q stands
// for. arn selects ARN semantics (case-sensitive, segment-bound '*');
// otherwise action semantics (case-insensitive). The test is structural: a
// '*' of p may absorb any target element, a '?' one character, a literal
// only the same literal. That is exact for the targets this package builds.
// Dynamic programming keeps it O(len(p)·len(q)) whatever the pattern.
func covers(p string, q []tok, arn bool) bool {
	return solve(len(p), len(q), func(rec func(i, j int) bool, i, j int) bool {
		switch {
		case i == len(p):
			return j == len(q)
		case p[i] == '*':
			crosses := !arn || i+1 == len(p) || p[i+1] == ':'
			for jj := j; ; jj++ {
				if rec(i+1, jj) {
					return true
				}
				if jj == len(q) || (!crosses && (q[jj].kind == '*' || (q[jj].kind == 'l' && q[jj].c == ':'))) {
					return false
				}
			}
		case j == len(q):
			return false
		case p[i] == '?':
			return (q[j].kind == 'l' || q[j].kind == '?') && rec(i+1, j+1)
		case q[j].kind != 'l':
			return false
		case arn:
			return p[i] == q[j].c && rec(i+1, j+1)
		}
		return lower(p[i]) == lower(q[j].c) && rec(i+1, j+1)
	})
}

// solve runs a memoised recursion over (i, j) in [0,n]×[0,m] from (0, 0):
// the pattern algorithms below are dynamic programs over two positions,
// which keeps them polynomial whatever the input.
func solve(n, m int, step func(rec func(i, j int) bool, i, j int) bool) bool {
	w := m + 1
	memo := make([]int8, (n+1)*w)
	var rec func(i, j int) bool
	rec = func(i, j int) bool {
		k := i*w + j
		if memo[k] != 0 {
			return memo[k] > 0
		}
		r := step(rec, i, j)
		memo[k] = -1
		if r {
			memo[k] = 1
		}
		return r
	}
	return rec(0, 0)
}

// overlaps reports whether some string matches both pattern p and target q
// (ARN semantics, case-sensitive). It reads every '*' of p as crossing
// segments, the broad reading: it is used where "might touch" must not be
// missed (a NotResource that might exclude a target, a Deny that might not
// apply to all of it).
func overlaps(p string, q []tok) bool {
	return solve(len(p), len(q), func(rec func(i, j int) bool, i, j int) bool {
		switch {
		case i == len(p) && j == len(q):
			return true
		case i < len(p) && p[i] == '*':
			return rec(i+1, j) || (j < len(q) && rec(i, j+1))
		case j < len(q) && (q[j].kind == '*' || q[j].kind == 's'):
			return rec(i, j+1) || (i < len(p) && (q[j].kind == '*' || p[i] != ':') && rec(i+1, j))
		case i == len(p) || j == len(q):
			return false
		case p[i] == '?' || q[j].kind == '?':
			return rec(i+1, j+1)
		}
		return p[i] == q[j].c && rec(i+1, j+1)
	})
}

// ResourceMatch reports whether the Resource pattern matches the ARN, with
// IAM's semantics (see the file comment).
func ResourceMatch(pattern, arn string) bool {
	return covers(pattern, target(arn), true)
}

// allActionsForms are equivalent targets for "every action" (service:name,
// both non-empty); the structural test accepts a pattern that covers any of
// them, so "*", "*:*", "?*:*" and "*?" are all recognised.
var allActionsForms = [][]tok{
	{anyOne, anyRun, {kind: 'l', c: ':'}, anyOne, anyRun},
	{anyRun, anyOne, {kind: 'l', c: ':'}, anyRun, anyOne},
	{anyOne, anyRun, {kind: 'l', c: ':'}, anyRun, anyOne},
	{anyRun, anyOne, {kind: 'l', c: ':'}, anyOne, anyRun},
}

// coversAllActions reports whether an Action pattern matches every action.
func coversAllActions(p string) bool {
	for _, f := range allActionsForms {
		if covers(p, f, false) {
			return true
		}
	}
	return false
}

// coversWholeService reports whether the action part of pattern (after the
// service prefix) matches every action name: "s3:*", "s3:?*".
func coversWholeService(p string) bool {
	i := strings.IndexByte(p, ':')
	if i < 0 {
		return coversAllActions(p)
	}
	act := p[i+1:]
	return covers(act, []tok{anyOne, anyRun}, false) || covers(act, []tok{anyRun, anyOne}, false)
}

// knownPartitions are the AWS partitions; a Resource that covers every ARN
// of one of them is "all resources".
var knownPartitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

// coversAllResources reports whether a Resource pattern matches every ARN of
// some partition ("*", "arn:*", "arn:aws:*", "arn:aws:*:*:*:*"). Every ARN
// has six colon-separated fields, the last of which may hold more colons.
func coversAllResources(p string) bool {
	if p == "*" {
		return true
	}
	for _, part := range knownPartitions {
		q := target("arn:"+part+":", segmentRun, ":", segmentRun, ":", segmentRun, ":", anyRun)
		if covers(p, q, true) {
			return true
		}
	}
	return false
}

// iamTarget is every IAM ARN in any partition and account.
var iamTarget = target("arn:", segmentRun, ":iam::", segmentRun, ":", anyRun)

// expandVariables replaces 2012-10-17 policy variables (${aws:username},
// ${aws:userid}...) with '*': the caller's own value, whoever the caller is.
// The escapes ${*}, ${?} and ${$} stand for the literal characters.
func expandVariables(p string) string {
	var b strings.Builder
	for {
		i := strings.Index(p, "${")
		if i < 0 {
			b.WriteString(p)
			return b.String()
		}
		j := strings.IndexByte(p[i:], '}')
		if j < 0 {
			b.WriteString(p)
			return b.String()
		}
		b.WriteString(p[:i])
		switch name := p[i+2 : i+j]; name {
		case "*", "?", "$":
			// A literal character: keep it out of the wildcard alphabet.
			b.WriteString("\x00")
		default:
			b.WriteByte('*')
		}
		p = p[i+j+1:]
	}
}
