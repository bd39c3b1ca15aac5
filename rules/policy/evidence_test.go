package policy

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Class 3 of issue 7: a document whose meaning AWS does not define is
// ambiguous, never read last-key-wins. Neighbours that stay readable are
// listed too so the detection does not overreach.
func TestParseAmbiguousDocuments(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		key  string // "" when the document is unambiguous
		path string
	}{
		{"duplicate Effect", `{"Statement":{"Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*"}}`, "Effect", "Statement[0]"},
		{"duplicate Statement", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"},"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, "Statement", "(document)"},
		{"duplicate Resource in second statement", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b","Resource":"*"}]}`, "Resource", "Statement[1]"},
		{"duplicate condition operator", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a"},"StringEquals":{"aws:SourceIp":"1.2.3.4"}}}}`, "StringEquals", "Statement[0].Condition"},
		{"duplicate condition key", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a","aws:PrincipalOrgID":"*"}}}}`, "aws:PrincipalOrgID", "Statement[0].Condition.StringEquals"},
		// IAM Access Analyzer: "Error – Duplicate keys with different case".
		{"condition keys differing in case", `{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a","aws:principalorgid":"o-b"}}}}`, "aws:principalorgid", "Statement[0].Condition.StringEquals"},
		{"duplicate principal type", `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root","AWS":"*"},"Action":"sts:AssumeRole"}}`, "AWS", "Statement[0].Principal"},
		// Neighbours: the same key in different objects is not a duplicate.
		{"same key in two statements", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`, "", ""},
		{"same condition key under two operators", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/a":"x"},"StringLike":{"aws:PrincipalTag/a":"y*"}}}}`, "", ""},
		{"duplicate value in an array is fine", `{"Statement":{"Effect":"Allow","Action":["s3:GetObject","s3:GetObject"],"Resource":"*"}}`, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.doc)
			var amb *AmbiguousError
			if tt.key == "" {
				if err != nil {
					t.Fatalf("Parse: %v, want no error", err)
				}
				return
			}
			if !errors.As(err, &amb) {
				t.Fatalf("Parse error = %v, want an *AmbiguousError", err)
			}
			if amb.Key != tt.key || amb.Path != tt.path {
				t.Errorf("AmbiguousError = {Key %q, Path %q}, want {%q, %q}", amb.Key, amb.Path, tt.key, tt.path)
			}
			if !strings.Contains(err.Error(), `"`+tt.key+`"`) {
				t.Errorf("error %q does not name the key", err)
			}
		})
	}
}

// Class 5 of issue 7: Resource and Action are patterns. Admin and
// escalation judge what a pattern covers, with IAM's '*' and '?'.
func TestGrantsFullAdminPatterns(t *testing.T) {
	tests := []struct {
		name  string
		doc   string
		admin bool
	}{
		{"arn:* covers every ARN", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:*"}}`, true},
		{"arn:aws:* covers every ARN of the partition", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:*"}}`, true},
		{"six wildcard segments", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:*:*:*:*"}}`, true},
		{"arn:*:*:*:*:* every partition", `{"Statement":{"Effect":"Allow","Action":"*:*","Resource":"arn:*:*:*:*:*"}}`, true},
		{"question-mark action covering all", `{"Statement":{"Effect":"Allow","Action":"?*:*","Resource":"*"}}`, true},
		{"double star action", `{"Statement":{"Effect":"Allow","Action":"**","Resource":"*"}}`, true},
		{"NotResource that leaves all of IAM", `{"Statement":{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::secret/*"}}`, true},
		// Neighbours that are not full admin.
		{"all of IAM in the account is not all resources", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:iam::111122223333:*"}}`, false},
		{"one service's ARNs", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::*"}}`, false},
		{"five segments only", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:*:*:111122223333:*"}}`, false},
		{"action with a service prefix", `{"Statement":{"Effect":"Allow","Action":"i?m:*","Resource":"arn:*"}}`, false},
		{"NotResource excluding IAM", `{"Statement":{"Effect":"Allow","Action":"*","NotResource":"arn:aws:iam::*"}}`, false},
		{"deny on arn:*", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"arn:*"}}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ok := mustParse(t, tt.doc).GrantsFullAdmin()
			if ok != tt.admin {
				t.Errorf("GrantsFullAdmin() = %v, want %v", ok, tt.admin)
			}
		})
	}
}

func TestEscalationsResourcePatterns(t *testing.T) {
	scope := Scope{Partition: "aws", Account: "111122223333"}
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"AttachUserPolicy on every user", `{"Statement":{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::111122223333:user/*"}}`, []string{"AttachUserPolicy"}},
		{"iam:* on all IAM of the account", `{"Statement":{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::111122223333:*"}}`, []string{
			"CreatePolicyVersion", "SetDefaultPolicyVersion", "CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile",
			"AttachUserPolicy", "AttachGroupPolicy", "AttachRolePolicy", "PutUserPolicy", "PutGroupPolicy", "PutRolePolicy",
			"AddUserToGroup", "UpdateAssumeRolePolicy"}},
		{"star on arn:*", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:*"}}`, allEscalationNames()},
		{"account wildcard", `{"Statement":{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"arn:aws:iam::*:policy/*"}}`, []string{"CreatePolicyVersion"}},
		{"question marks in the account", `{"Statement":{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"arn:aws:iam::????????????:policy/*"}}`, []string{"CreatePolicyVersion"}},
		{"action with ?", `{"Statement":{"Effect":"Allow","Action":"iam:Put?serPolicy","Resource":"arn:aws:iam::111122223333:user/*"}}`, []string{"PutUserPolicy"}},
		{"PassRole on all roles + RunInstances in one region", `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/*"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"arn:aws:ec2:eu-west-1:111122223333:*"}]}`, []string{"PassRole+EC2"}},
		{"Deny on a pattern removes", `{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::*:*"}]}`, nil},
		// Neighbours that are not escalation paths.
		{"one user only", `{"Statement":{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::111122223333:user/alice"}}`, nil},
		{"users under one path only", `{"Statement":{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::111122223333:user/ci/*"}}`, nil},
		{"another account", `{"Statement":{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::999988887777:user/*"}}`, nil},
		{"wrong resource type", `{"Statement":{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::111122223333:role/*"}}`, nil},
		{"PassRole on one role", `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/app"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}`, nil},
		{"NotResource excluding every user", `{"Statement":{"Effect":"Allow","Action":"iam:CreateAccessKey","NotResource":"arn:aws:iam::111122223333:user/*"}}`, nil},
		{"Deny NotResource for users only", `{"Statement":[{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"*"},{"Effect":"Deny","Action":"iam:AttachUserPolicy","NotResource":"arn:aws:s3:::b"}]}`, nil},
		// Policy variables: in 2012-10-17 a user attaching a policy to itself escalates;
		// creating its own access key does not. In 2008-10-17 the variable is literal text.
		{"attach to self", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["iam:AttachUserPolicy","iam:CreateAccessKey"],"Resource":"arn:aws:iam::111122223333:user/${aws:username}"}}`, []string{"AttachUserPolicy"}},
		{"attach to self, 2008 grammar", `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"iam:AttachUserPolicy","Resource":"arn:aws:iam::111122223333:user/${aws:username}"}}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := escalationNames(mustParse(t, tt.doc).Escalations(scope))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Escalations() = %v, want %v", got, tt.want)
			}
		})
	}
}

func allEscalationNames() []string {
	var out []string
	for _, p := range escalationPaths {
		out = append(out, p.Name)
	}
	return out
}

func TestServiceWildcardsQuestionMark(t *testing.T) {
	d := mustParse(t, `{"Statement":[
		{"Effect":"Allow","Action":"s3:?*","Resource":"*"},
		{"Effect":"Allow","Action":"s3:Get?bject","Resource":"*"},
		{"Effect":"Allow","Action":"*?","Resource":"*"}]}`)
	var got []string
	for _, w := range d.ServiceWildcards() {
		got = append(got, w.Pattern)
	}
	if want := []string{"s3:?*", "*?"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ServiceWildcards() patterns = %v, want %v", got, want)
	}
}

func TestResourceCovers(t *testing.T) {
	tests := []struct {
		pattern, arn string
		want         bool
	}{
		{"*", "arn:aws:iam::111122223333:user/a", true},
		{"arn:aws:iam::*", "arn:aws:iam::111122223333:user/a/b", true},
		{"arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:user/path/a", true},
		{"arn:aws:iam::111122223333:user/?", "arn:aws:iam::111122223333:user/a", true},
		{"arn:aws:iam::111122223333:user/?", "arn:aws:iam::111122223333:user/ab", false},
		// ARNs match case-sensitively.
		{"arn:aws:iam::111122223333:USER/*", "arn:aws:iam::111122223333:user/a", false},
		// A '*' inside a segment does not cross ':'; one ending a segment does.
		{"arn:aws:i*m::111122223333:user/a", "arn:aws:iam::111122223333:user/a", true},
		{"arn:aws:i*::111122223333:user/a", "arn:aws:iam::111122223333:user/a", true},
		{"arn:aws:s*3:::b", "arn:aws:sx:y:3:::b", false},
	}
	for _, tt := range tests {
		if got := ResourceMatch(tt.pattern, tt.arn); got != tt.want {
			t.Errorf("ResourceMatch(%q, %q) = %v, want %v", tt.pattern, tt.arn, got, tt.want)
		}
	}
}
