package policy

import (
	"strings"
	"testing"
	"time"
)

func mustSet(t *testing.T, identity []string, boundary ...string) Set {
	t.Helper()
	var s Set
	for i, d := range identity {
		doc, err := Parse(d)
		if err != nil {
			t.Fatal(err)
		}
		s.Identity = append(s.Identity, Source{Label: "p" + string(rune('0'+i)), Doc: doc})
	}
	if boundary != nil {
		s.Bounded = true
		for _, d := range boundary {
			doc, err := Parse(d)
			if err != nil {
				t.Fatal(err)
			}
			s.Boundary = append(s.Boundary, Source{Label: "b", Doc: doc})
		}
	}
	return s
}

func stmt(body string) string { return `{"Version":"2012-10-17","Statement":[` + body + `]}` }

const eveARN = "arn:aws:iam::123456789012:user/eve"

func TestSetEvaluate(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	req := Request{Action: "iam:PutUserPolicy", Resource: eveARN, PrincipalARN: eveARN, PrincipalAccount: "123456789012", UserName: "eve", Now: now}
	cond := func(c string) string {
		return `{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"*","Condition":` + c + `}`
	}
	for _, c := range []struct {
		name     string
		identity []string
		boundary []string
		want     Answer
		mfa      bool
		words    string
	}{
		{"plain allow", []string{stmt(`{"Effect":"Allow","Action":"iam:Put*","Resource":"*"}`)}, nil, Yes, false, ""},
		{"case-insensitive action", []string{stmt(`{"Effect":"Allow","Action":"IAM:putuserpolicy","Resource":"*"}`)}, nil, Yes, false, ""},
		{"no allow", []string{stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`)}, nil, No, false, ""},
		{"NotAction leaves it", []string{stmt(`{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}`)}, nil, Yes, false, ""},
		{"NotAction excludes it", []string{stmt(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`)}, nil, No, false, ""},
		{"NotResource excludes it", []string{stmt(`{"Effect":"Allow","Action":"*","NotResource":"arn:aws:iam::123456789012:user/*"}`)}, nil, No, false, ""},
		{"NotResource leaves it", []string{stmt(`{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::*"}`)}, nil, Yes, false, ""},
		{"variable username", []string{stmt(`{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"arn:aws:iam::123456789012:user/${aws:username}"}`)}, nil, Yes, false, ""},
		{"unknown variable", []string{stmt(`{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"arn:aws:iam::123456789012:user/${aws:PrincipalTag/team}"}`)}, nil, Maybe, false, "policy variable"},
		{"2008 documents read variables literally", []string{`{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"arn:aws:iam::123456789012:user/${aws:username}"}]}`}, nil, No, false, ""},
		{"deny in another policy wins", []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*"}`), stmt(`{"Effect":"Deny","Action":"iam:*","Resource":"*"}`)}, nil, No, false, ""},
		{"deny on another resource", []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*"}`), stmt(`{"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::123456789012:user/bob"}`)}, nil, Yes, false, ""},
		{"deny unless MFA", []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`)}, nil, Yes, true, ""},
		{"deny outside a region the caller picks", []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}`)}, nil, Yes, false, ""},
		{"deny from a network", []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`)}, nil, Maybe, false, "may deny"},
		{"allow needs MFA", []string{stmt(cond(`{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`))}, nil, Yes, true, ""},
		{"allow for this principal", []string{stmt(cond(`{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:user/e*"}}`))}, nil, Yes, false, ""},
		{"allow for another principal", []string{stmt(cond(`{"StringEquals":{"aws:username":"bob"}}`))}, nil, No, false, ""},
		{"allow for another account, negated", []string{stmt(cond(`{"StringNotEquals":{"aws:PrincipalAccount":"123456789012"}}`))}, nil, No, false, ""},
		{"allow with a request tag", []string{stmt(cond(`{"StringEquals":{"aws:RequestTag/team":"x"}}`))}, nil, Yes, false, ""},
		{"allow from a VPC", []string{stmt(cond(`{"StringEquals":{"aws:SourceVpc":"vpc-1"}}`))}, nil, Maybe, false, "aws:SourceVpc"},
		{"allow until a past date", []string{stmt(cond(`{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}`))}, nil, No, false, ""},
		{"allow after a past date", []string{stmt(cond(`{"DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}`))}, nil, Yes, false, ""},
		{"token issued before a date within the session window", []string{stmt(cond(`{"DateLessThan":{"aws:TokenIssueTime":"2026-06-01T00:00:00Z"}}`))}, nil, Yes, false, ""},
		{"boundary allows", []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*"}`)}, []string{stmt(`{"Effect":"Allow","Action":"iam:*","Resource":"*"}`)}, Yes, false, ""},
		{"boundary does not allow", []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*"}`)}, []string{stmt(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`)}, No, false, ""},
		{"boundary collected empty", []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*"}`)}, []string{}, No, false, ""},
		{"boundary is not a grant", nil, []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*"}`)}, No, false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := mustSet(t, c.identity, c.boundary...).Evaluate(req)
			if d.Answer != c.want || d.NeedsMFA != c.mfa {
				t.Fatalf("got %s (MFA %v; %v; denied %q), want %s (MFA %v)", d.Answer, d.NeedsMFA, d.Unsure, d.Denied, c.want, c.mfa)
			}
			if c.words != "" && !strings.Contains(strings.Join(d.Unsure, "; "), c.words) {
				t.Errorf("unsure %v lacks %q", d.Unsure, c.words)
			}
			if d.Answer == Yes && len(d.Grants) == 0 {
				t.Error("a YES without the granting statement")
			}
		})
	}
}

func TestSetFullAdmin(t *testing.T) {
	for _, c := range []struct {
		name     string
		identity []string
		want     Answer
	}{
		{"star", []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*"}`)}, Yes},
		{"star colon star on arn:*", []string{stmt(`{"Effect":"Allow","Action":"*:*","Resource":"arn:*"}`)}, Yes},
		{"NotAction of a real action", []string{stmt(`{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"*"}`)}, No},
		{"NotAction filled by another statement", []string{stmt(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`), stmt(`{"Effect":"Allow","Action":"iam:*","Resource":"*"}`)}, Yes},
		{"NotAction of an invented action still fails the probe", []string{stmt(`{"Effect":"Allow","NotAction":"iamauditprobe:*","Resource":"*"}`)}, No},
		{"NotResource", []string{stmt(`{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::x"}`)}, No},
		{"split over services", []string{stmt(`{"Effect":"Allow","Action":["iam:*","s3:*","ec2:*"],"Resource":"*"}`)}, No},
		{"deny of one action", []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::x"}`)}, No},
		{"conditional on network", []string{stmt(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`)}, Maybe},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := mustSet(t, c.identity).FullAdmin(Request{PrincipalARN: eveARN, UserName: "eve"})
			if d.Answer != c.want {
				t.Fatalf("got %s (%v; %q), want %s", d.Answer, d.Unsure, d.Denied, c.want)
			}
		})
	}
}

func TestEvaluateSome(t *testing.T) {
	s := mustSet(t, []string{stmt(`{"Effect":"Allow","Action":"lambda:CreateFunction","Resource":"arn:aws:lambda:eu-west-1:123456789012:function:app-*"}`)})
	if d := s.Evaluate(Request{Action: "lambda:CreateFunction", Some: "arn:aws:lambda:*:123456789012:function:*"}); d.Answer != Yes {
		t.Errorf("a named prefix is some function: got %s", d.Answer)
	}
	if d := s.Evaluate(Request{Action: "lambda:CreateFunction", Some: "arn:aws:lambda:*:999988887777:function:*"}); d.Answer != No {
		t.Errorf("another account: got %s", d.Answer)
	}
}

// globFold (behind Match) is case-insensitive, '*' any run, '?' one
// character.
func TestGlobFold(t *testing.T) {
	for _, c := range []struct {
		p, s string
		want bool
	}{
		{"*", "iam:PutUserPolicy", true}, {"iam:*", "IAM:putuserpolicy", true}, {"IAM:Put*", "iam:PutUserPolicy", true},
		{"iam:?ut*Policy", "iam:PutUserPolicy", true}, {"iam:?ut*Policy", "iam:PutUserPolicyX", false},
		{"s3:Get*Object*", "s3:GetBucketObjectLockConfiguration", true}, {"a*a*a*b", "aaaaab", true}, {"a*a*a*b", "aaaaaa", false},
		{"", "", true}, {"", "x", false}, {"iam:Get*", "iam:*", false}, {"sts:AssumeRole", "sts:AssumeRoleWithSAML", false},
	} {
		if got := globFold(c.p, c.s); got != c.want {
			t.Errorf("globFold(%q, %q) = %v, want %v", c.p, c.s, got, c.want)
		}
	}
}

// lazyTarget's fast paths agree with covers.
func TestLazyTargetAgreesWithCovers(t *testing.T) {
	for _, p := range []string{"*", "arn:aws:iam::123456789012:user/eve", "arn:aws:iam::123456789012:user/*", "arn:aws:iam::*:user/eve",
		"arn:aws:iam::123456789012:*", "arn:aws:iam::123456789012:user/e?e", "arn:aws:iam::123456789012:user/E*", "arn:aws:*"} {
		for _, arn := range []string{eveARN, "arn:aws:iam::123456789012:user/path/eve", "arn:aws:iam::999988887777:user/eve", "arn:aws:s3:::b"} {
			lt := lazyTarget{arn: arn}
			if got, want := lt.coveredBy(p), covers(p, target(arn), true); got != want {
				t.Errorf("coveredBy(%q, %q) = %v, covers = %v", p, arn, got, want)
			}
		}
	}
}

// TestPolicyARNCondition: iam:PolicyARN is compared when the request names
// the policy, absent (IAM's absent-key rules) for actions that carry none,
// and under All an Allow limited to some policies grants not every request
// while a Deny on some refuses some.
func TestPolicyARNCondition(t *testing.T) {
	const admin, reader = "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::123456789012:policy/reader"
	allow := func(action, op string) string {
		return `{"Effect":"Allow","Action":"` + action + `","Resource":"*","Condition":{"` + op + `":{"iam:PolicyARN":"` + admin + `"}}}`
	}
	deny := `{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:AttachUserPolicy","Resource":"*","Condition":{"ArnEquals":{"iam:PolicyARN":"` + admin + `"}}}`
	cases := []struct {
		name, doc, action, arn string
		all                    bool
		want                   Answer
	}{
		{"ArnEquals, the policy named", allow("iam:AttachUserPolicy", "ArnEquals"), "iam:AttachUserPolicy", admin, false, Yes},
		{"ArnEquals, another policy", allow("iam:AttachUserPolicy", "ArnEquals"), "iam:AttachUserPolicy", reader, false, No},
		{"ArnEquals, policy not known", allow("iam:AttachUserPolicy", "ArnEquals"), "iam:AttachUserPolicy", "", false, Maybe},
		{"ArnNotEquals, another policy", allow("iam:AttachUserPolicy", "ArnNotEquals"), "iam:AttachUserPolicy", reader, false, Yes},
		{"ArnLike, the policy named", allow("iam:AttachUserPolicy", "ArnLike"), "iam:AttachUserPolicy", admin, false, Yes},
		{"ForAnyValue:StringEquals", allow("iam:AttachUserPolicy", "ForAnyValue:StringEquals"), "iam:AttachUserPolicy", admin, false, Yes},
		{"ArnEqualsIfExists, another policy", allow("iam:AttachUserPolicy", "ArnEqualsIfExists"), "iam:AttachUserPolicy", reader, false, No},
		{"absent key: ArnEquals does not hold", allow("iam:*", "ArnEquals"), "iam:CreateUser", "", false, No},
		{"absent key: ArnNotEquals holds", allow("iam:*", "ArnNotEquals"), "iam:CreateUser", "", false, Yes},
		{"absent key: ArnEqualsIfExists holds", allow("iam:*", "ArnEqualsIfExists"), "iam:CreateUser", "", false, Yes},
		{"absent key: ForAnyValue:ArnNotEquals does not hold", allow("iam:*", "ForAnyValue:ArnNotEquals"), "iam:CreateUser", "", false, No},
		{"every request: a limited Allow does not grant all", allow("iam:AttachUserPolicy", "ArnNotEquals"), "iam:AttachUserPolicy", "", true, No},
		{"Deny of the policy named", deny, "iam:AttachUserPolicy", admin, false, No},
		{"Deny of another policy", deny, "iam:AttachUserPolicy", reader, false, Yes},
		{"Deny, policy not known", deny, "iam:AttachUserPolicy", "", false, Maybe},
		{"Deny, every request: some are refused", deny, "iam:AttachUserPolicy", "", true, No},
		{"Deny, another action", deny, "iam:DetachUserPolicy", "", true, Yes},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := mustSet(t, []string{stmt(c.doc)})
			r := Request{Action: c.action, Resource: eveARN, All: c.all, PolicyARN: c.arn, PrincipalARN: eveARN}
			if got := s.Evaluate(r).Answer; got != c.want {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
	full := mustSet(t, []string{stmt(deny)}).FullAdmin(Request{PrincipalARN: eveARN})
	if full.Answer != No || !strings.Contains(full.Denied, "denies iam:AttachUserPolicy") {
		t.Fatalf("FullAdmin with a Deny on attaching AdministratorAccess: got %v %q, want NO naming iam:AttachUserPolicy", full.Answer, full.Denied)
	}
}
